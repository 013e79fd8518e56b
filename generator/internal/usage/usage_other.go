//go:build !linux

// Package usage reads what the process has used so far: processor time and peak
// resident memory. Builds print them with --stats; benchmarks report them, since
// processor time is steadier than wall time on a shared machine.
package usage

import "time"

// CPU is not measured on this system.
func CPU() time.Duration { return 0 }

// MaxRSS is not measured on this system.
func MaxRSS() uint64 { return 0 }
