//go:build !linux

package build

import "time"

// maxRSS is not measured on this system.
func maxRSS() uint64 { return 0 }

// cpuTime is not measured on this system.
func cpuTime() time.Duration { return 0 }
