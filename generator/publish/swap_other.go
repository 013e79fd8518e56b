//go:build !linux

package publish

import "os"

func exchange(a, b string) error { return exchangeByRename(a, b) }

func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	return err == nil && p != nil
}
