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
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

var (
	mu      sync.Mutex
	users   int           // Starts not yet stopped
	floor   uint64        // the largest floor asked for by a running Start
	percent int           // GOGC when the first Start began
	quit    chan struct{} // closed when the last Start stops
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
		percent = debug.SetGCPercent(100)
		debug.SetGCPercent(percent)
		quit = make(chan struct{})
		if percent > 0 {
			go watch(quit)
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
			close(quit)
			floor = 0
			debug.SetGCPercent(percent)
		}
	})
}

// watch sets GOGC again within a few milliseconds of each collection, until quit
// is closed. Until then the runtime aims at the last setting times the new live
// heap, so it must be soon: a finalizer, run when its object's span is swept, can
// come hundreds of megabytes of allocation later.
func watch(quit chan struct{}) {
	t := time.NewTicker(2 * time.Millisecond)
	defer t.Stop()
	s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
	var seen uint64
	for {
		select {
		case <-quit:
			return
		case <-t.C:
		}
		metrics.Read(s)
		if n := s[0].Value.Uint64(); n != seen {
			seen = n
			mu.Lock()
			if users > 0 {
				set()
			}
			mu.Unlock()
		}
	}
}

// set sets GOGC so that the next collection comes when the heap has grown by
// the larger of the floor and Go's own rule. mu is held.
func set() {
	// The runtime never aims below 4 MiB × GOGC/100 (its heap minimum), so a
	// base under 4 MiB would set that minimum above the floor.
	base := max(gcBase(), 4<<20)
	want := percent
	if floor*100/base > uint64(percent) {
		want = int(floor * 100 / base)
	}
	debug.SetGCPercent(want)
}

// gcBase is what GOGC is a percentage of: the heap the last collection marked
// live, and the stacks and globals it scanned. Leaving out the roots would make
// GOGC too large while the heap is small: a few megabytes of globals times
// thousands of percent.
func gcBase() uint64 {
	s := []metrics.Sample{
		{Name: "/gc/heap/live:bytes"},
		{Name: "/gc/scan/stack:bytes"},
		{Name: "/gc/scan/globals:bytes"},
	}
	metrics.Read(s)
	var sum uint64
	for _, v := range s {
		if v.Value.Kind() == metrics.KindUint64 {
			sum += v.Value.Uint64()
		}
	}
	return sum
}
