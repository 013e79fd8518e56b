package build

import (
	"fmt"
	"io"
	"runtime/metrics"
	"sync"
	"time"

	"perfsite/generator/internal/usage"
)

// meter times the phases of a build and samples the memory the Go runtime holds
// from the system, so --stats can say which phase needs the most of both.
type meter struct {
	log       io.Writer
	mu        sync.Mutex
	phasePeak uint64        // since the last phase ended
	peak      uint64        // since the build started
	cpu       time.Duration // processor time used when the last phase ended
	stop      chan struct{}
	done      chan struct{}
	samples   []metrics.Sample
}

// sampleEvery is how often memory is read; a phase shorter than this is still
// measured once, when it ends.
const sampleEvery = 5 * time.Millisecond

func startMeter(log io.Writer) *meter {
	m := &meter{log: log, stop: make(chan struct{}), done: make(chan struct{}), samples: []metrics.Sample{
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
	}}
	m.sample()
	m.cpu = usage.CPU()
	go func() {
		defer close(m.done)
		t := time.NewTicker(sampleEvery)
		defer t.Stop()
		for {
			select {
			case <-m.stop:
				return
			case <-t.C:
				m.sample()
			}
		}
	}()
	return m
}

// sample reads the memory mapped by the runtime less what it returned to the system:
// close to the process's resident size, without a system call.
func (m *meter) sample() {
	m.mu.Lock()
	defer m.mu.Unlock()
	metrics.Read(m.samples)
	total, released := m.samples[0].Value.Uint64(), m.samples[1].Value.Uint64()
	used := total - min(released, total)
	m.phasePeak = max(m.phasePeak, used)
	m.peak = max(m.peak, used)
}

// phase ends a phase that began at start: with a log it prints its time, the
// processor time used since the last phase ended (on every core, so a phase that
// keeps two cores busy shows twice its time), the most memory held while it ran,
// and what it worked on (a cycle), if given.
func (m *meter) phase(name string, start time.Time, of ...string) {
	m.sample()
	cpu := usage.CPU()
	m.mu.Lock()
	peak := m.phasePeak
	m.phasePeak = 0
	used := cpu - m.cpu
	m.cpu = cpu
	m.mu.Unlock()
	if m.log != nil {
		fmt.Fprintf(m.log, "  %-10s %6.0f ms  %6.0f cpu-ms  %6.0f MiB", name, ms(time.Since(start)), ms(used), mib(peak))
		for _, o := range of {
			fmt.Fprintf(m.log, "  %s", o)
		}
		fmt.Fprintln(m.log)
	}
}

// close stops sampling and returns the most memory held during the build.
func (m *meter) close() uint64 {
	close(m.stop)
	<-m.done
	m.sample()
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.log != nil {
		rss := ""
		if r := usage.MaxRSS(); r > 0 {
			rss = fmt.Sprintf(" (process peak resident %.0f MiB)", mib(r))
		}
		fmt.Fprintf(m.log, "  %-10s %9s  %13s  %6.0f MiB%s\n", "peak", "", "", mib(m.peak), rss)
	}
	return m.peak
}

func mib(n uint64) float64 { return float64(n) / (1 << 20) }

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
