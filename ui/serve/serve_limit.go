package serve

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// maxLimiterEntries bounds the per-address table; when it is full, the
// addresses whose bucket has refilled (they owe nothing) are forgotten.
const maxLimiterEntries = 4096

// rateLimiter is a token bucket per remote address: perMinute new
// connections a minute, bursts of up to perMinute (a whole office behind
// one NAT address joining a meeting at once). perMinute 0 allows all.
type rateLimiter struct {
	perMinute int
	now       func() time.Time

	mu      sync.Mutex
	buckets map[string]*rate.Limiter
}

func newRateLimiter(perMinute int, now func() time.Time) *rateLimiter {
	return &rateLimiter{perMinute: perMinute, now: now, buckets: map[string]*rate.Limiter{}}
}

// allow takes a token from addr's bucket if it has one.
func (l *rateLimiter) allow(addr string) bool {
	if l.perMinute <= 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.buckets[addr]
	if !ok {
		if len(l.buckets) >= maxLimiterEntries {
			l.pruneLocked(now)
		}
		b = rate.NewLimiter(rate.Every(time.Minute/time.Duration(l.perMinute)), l.perMinute)
		l.buckets[addr] = b
	}
	return b.AllowN(now, 1)
}

// pruneLocked forgets full buckets; if none is full, the whole table
// (a flood of distinct addresses should not grow memory without bound).
func (l *rateLimiter) pruneLocked(now time.Time) {
	for addr, b := range l.buckets {
		if b.TokensAt(now) >= float64(l.perMinute) {
			delete(l.buckets, addr)
		}
	}
	if len(l.buckets) >= maxLimiterEntries {
		clear(l.buckets)
	}
}
