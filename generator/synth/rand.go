package synth

// rng is a splitmix64 generator. It is written out here rather than taken from
// math/rand so that a seed gives the same site with every Go release.
type rng struct{ s uint64 }

// newRand derives an independent stream from the seed and a few integers (a
// department's index, a cycle's index, …), so one department's values do not
// depend on how many others were drawn before it.
func newRand(seed int64, keys ...int) *rng {
	r := &rng{s: uint64(seed) ^ 0x9e3779b97f4a7c15}
	for _, k := range keys {
		r.s ^= uint64(k) + 0x632be59bd9b4e019
		r.next()
	}
	return r
}

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns a number in [0, n).
func (r *rng) intn(n int) int {
	if n <= 1 {
		return 0
	}
	return int(r.next() % uint64(n))
}

// between returns a number in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// chance is true with probability 1 in n.
func (r *rng) chance(n int) bool { return r.intn(n) == 0 }

func pick[T any](r *rng, list []T) T { return list[r.intn(len(list))] }

// shuffle permutes list in place.
func shuffle[T any](r *rng, list []T) {
	for i := len(list) - 1; i > 0; i-- {
		j := r.intn(i + 1)
		list[i], list[j] = list[j], list[i]
	}
}
