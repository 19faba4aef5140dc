package serve

import (
	"sync"
	"time"
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
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newRateLimiter(perMinute int, now func() time.Time) *rateLimiter {
	return &rateLimiter{perMinute: perMinute, now: now, buckets: map[string]*bucket{}}
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
		b = &bucket{tokens: float64(l.perMinute), at: now}
		l.buckets[addr] = b
	}
	l.refill(b, now)
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

func (l *rateLimiter) refill(b *bucket, now time.Time) {
	b.tokens += now.Sub(b.at).Minutes() * float64(l.perMinute)
	b.tokens = min(b.tokens, float64(l.perMinute))
	b.at = now
}

// pruneLocked forgets full buckets; if none is full, the whole table
// (a flood of distinct addresses should not grow memory without bound).
func (l *rateLimiter) pruneLocked(now time.Time) {
	for addr, b := range l.buckets {
		if l.refill(b, now); b.tokens >= float64(l.perMinute) {
			delete(l.buckets, addr)
		}
	}
	if len(l.buckets) >= maxLimiterEntries {
		clear(l.buckets)
	}
}
