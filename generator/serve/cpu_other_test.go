//go:build !linux

package serve

import "time"

// cpuTime is not measured here.
func cpuTime() time.Duration { return 0 }
