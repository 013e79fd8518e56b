// Package usage reads what the process has used so far: processor time and peak
// resident memory. Builds print them with --stats; benchmarks report them, since
// processor time is steadier than wall time on a shared machine.
package usage

import (
	"syscall"
	"time"
)

// CPU is the processor time the process has used so far, user and system.
func CPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// MaxRSS is the peak resident size of the process so far, in bytes.
func MaxRSS() uint64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil || ru.Maxrss < 0 {
		return 0
	}
	return uint64(ru.Maxrss) * 1024 // kilobytes on Linux
}
