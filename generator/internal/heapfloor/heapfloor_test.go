package heapfloor

import (
	"os"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// gcPercent reads GOGC's current value.
func gcPercent() int {
	mu.Lock() // so that no adjust runs between the two calls
	defer mu.Unlock()
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

func noGOGC(t *testing.T) {
	t.Helper()
	if v, ok := os.LookupEnv("GOGC"); ok {
		t.Skipf("GOGC=%s is set", v)
	}
}

func TestFloorRaisesGOGCUntilStopped(t *testing.T) {
	noGOGC(t)
	before := gcPercent()
	stop := Start(1 << 30)
	runtime.GC()
	waitFor(t, func(p int) bool { return p > before })
	stop()
	if p := gcPercent(); p != before {
		t.Errorf("GOGC %d after stop, want %d as before", p, before)
	}
}

func TestOverlappingStartsRestoreOnTheLastStop(t *testing.T) {
	noGOGC(t)
	before := gcPercent()
	a := Start(1 << 30)
	b := Start(1 << 20)
	runtime.GC()
	waitFor(t, func(p int) bool { return p > before })
	a()
	a() // a second call changes nothing
	if p := gcPercent(); p <= before {
		t.Errorf("GOGC %d while a Start runs, want more than %d", p, before)
	}
	b()
	if p := gcPercent(); p != before {
		t.Errorf("GOGC %d after every stop, want %d", p, before)
	}
}

// TestFollowsTheLiveHeap checks that GOGC is worked out again after each
// collection: with 256 MiB more live, a 2 GiB floor is a smaller percentage.
func TestFollowsTheLiveHeap(t *testing.T) {
	noGOGC(t)
	defer Start(2 << 30)()
	runtime.GC()
	small := waitFor(t, func(p int) bool { return p > 100 })
	keep := make([][]byte, 0, 64)
	for range 64 {
		keep = append(keep, make([]byte, 4<<20)) // 256 MiB in all, live
	}
	runtime.GC()
	big := waitFor(t, func(p int) bool { return p == int((2<<30)*100/gcBase()) })
	if big >= small || big > 800 {
		t.Errorf("GOGC %d with %d bytes live, and %d before them: want at most 800", big, gcBase(), small)
	}
	runtime.KeepAlive(keep)
}

// waitFor returns GOGC once ok accepts it: it is set again a few milliseconds
// after a collection.
func waitFor(t *testing.T, ok func(int) bool) int {
	t.Helper()
	for range 200 {
		if p := gcPercent(); ok(p) {
			return p
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("GOGC stayed %d after a collection", gcPercent())
	return 0
}

func TestGOGCInTheEnvironmentWins(t *testing.T) {
	t.Setenv("GOGC", "100")
	before := gcPercent()
	defer Start(1 << 30)()
	runtime.GC()
	if p := gcPercent(); p != before {
		t.Errorf("GOGC %d, want %d: the environment's setting", p, before)
	}
}

// TestSmallHeapKeepsTheFloor checks GOGC on an almost empty heap: the runtime
// never aims below 4 MiB × GOGC/100, so a 256 MiB floor must not set more than
// 6400 %, or a build would run to gigabytes before its first collection.
func TestSmallHeapKeepsTheFloor(t *testing.T) {
	noGOGC(t)
	defer Start(256 << 20)()
	runtime.GC()
	if p := waitFor(t, func(p int) bool { return p > 100 }); p > 6400 {
		t.Errorf("GOGC %d with %d bytes live: the runtime's heap minimum would be %d MiB", p, gcBase(), 4*p/100)
	}
}
