// Package heapfloor lets the heap grow by at least a set amount between garbage
// collections while a build runs.
//
// Go collects when the heap has grown by GOGC percent (100) of what the last
// collection left live. A build's live heap is small next to what it allocates
// (at 1,000 departments about 120 MB live for 1.7 GB allocated), so by default it
// collects every 120 MB or so, and collection takes about a tenth of its
// processor time. With a floor, the collector waits until the heap has grown by
// the floor; once the live heap is larger than the floor, Go's own rule applies
// unchanged, so a large site's peak memory stays what it was.
package heapfloor

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

var (
	mu      sync.Mutex
	users   int    // Starts not yet stopped
	floor   uint64 // the largest floor asked for by a running Start
	percent int    // GOGC when the first Start began
	round   int    // counts the times users went from 0 to 1
)

// Start keeps the growth allowed between collections at no less than floorBytes
// until stop is called. It does nothing when GOGC is set in the environment: the
// person who set it wins. Starts may overlap; the setting returns to what it was
// when the last one stops.
func Start(floorBytes uint64) (stop func()) {
	if _, ok := os.LookupEnv("GOGC"); ok {
		return func() {}
	}
	mu.Lock()
	defer mu.Unlock()
	users++
	floor = max(floor, floorBytes)
	if users == 1 {
		round++
		percent = debug.SetGCPercent(100)
		debug.SetGCPercent(percent)
		if percent > 0 {
			r := round
			everyCollection(func() bool { return adjust(r) })
		}
	}
	if percent > 0 {
		set()
	}
	return sync.OnceFunc(func() {
		mu.Lock()
		defer mu.Unlock()
		users--
		if users == 0 {
			floor = 0
			debug.SetGCPercent(percent)
		}
	})
}

// adjust runs after a collection in round r. It reports whether to run again
// after the next one: not once the Starts of its round have all stopped.
func adjust(r int) bool {
	mu.Lock()
	defer mu.Unlock()
	if users == 0 || r != round {
		return false
	}
	set()
	return true
}

// set sets GOGC so that the next collection comes when the heap has grown by
// the larger of the floor and Go's own rule. mu is held.
func set() {
	live := liveHeap()
	want := percent
	if live > 0 && floor*100/live > uint64(percent) {
		want = int(floor * 100 / live)
	}
	debug.SetGCPercent(want)
}

// liveHeap is the heap the last collection marked live, in bytes.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// everyCollection calls f after each garbage collection for as long as f
// returns true: an object with a finalizer is found unreachable by each
// collection, and its finalizer sets up the next one.
func everyCollection(f func() bool) {
	type sentinel [16]byte // not a tiny object, which may share a finalizer's block
	var again func(*sentinel)
	again = func(p *sentinel) {
		if f() {
			runtime.SetFinalizer(p, again)
		}
	}
	runtime.SetFinalizer(new(sentinel), again)
}
