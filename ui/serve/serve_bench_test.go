package serve

// Load benchmark for `infercost serve`: 50 concurrent SSH sessions on an
// in-process server, driven by light x/crypto/ssh clients (no terminal
// emulation, so the clients cost the shared CPU little). Run with
//
//	go test -run '^$' -bench BenchmarkServe50Sessions -benchtime 40x .
//
// Sub-benchmarks (latency = key written to first byte of the redraw):
//   - typing: every session presses a key, waits for its redraw, thinks
//     50-150 ms and presses again (about 8 keys/s each, 400/s in all);
//     one op is one key per session.
//   - burst: every session presses a key at the same instant (the worst
//     case); one op is one such round.
//   - follow: one session presents, 49 follow; one op is one presenter
//     key, latency is to each follower's redraw.

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

const benchSessions = 50

// benchViewer is a viewer that only notes when output arrives.
type benchViewer struct {
	sess   *gossh.Session
	client *gossh.Client
	stdin  io.Writer
	chunks chan time.Time // arrival time of each read
	seen   bytes.Buffer   // output until the first screen
	ready  chan struct{}
}

func openBenchViewer(b *testing.B, ts *inProcServer, user string) *benchViewer {
	b.Helper()
	c, err := ts.dial(user, newClientKey(b))
	if err != nil {
		b.Fatal(err)
	}
	sess, err := c.NewSession()
	if err != nil {
		b.Fatal(err)
	}
	v := &benchViewer{sess: sess, client: c, chunks: make(chan time.Time, 4096), ready: make(chan struct{})}
	if v.stdin, err = sess.StdinPipe(); err != nil {
		b.Fatal(err)
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 40, 120, gossh.TerminalModes{}); err != nil {
		b.Fatal(err)
	}
	go v.read(out)
	if err := sess.Shell(); err != nil {
		b.Fatal(err)
	}
	return v
}

func (v *benchViewer) read(out io.Reader) {
	buf := make([]byte, 64<<10)
	isReady := false
	for {
		n, err := out.Read(buf)
		if n > 0 {
			at := time.Now()
			chunk := buf[:n]
			for _, q := range viewerAnswers {
				if bytes.Contains(chunk, []byte(q.query)) {
					io.WriteString(v.stdin, q.answer) //nolint:errcheck
				}
			}
			if !isReady {
				v.seen.Write(chunk)
				if bytes.Contains(v.seen.Bytes(), []byte(firstScreen)) {
					isReady = true
					close(v.ready)
				}
			}
			select {
			case v.chunks <- at:
			default:
			}
		}
		if err != nil {
			return
		}
	}
}

// redrawAfter is how long after t0 the first output arrived.
func (v *benchViewer) redrawAfter(t0 time.Time) (time.Duration, error) {
	deadline := time.After(10 * time.Second)
	for {
		select {
		case at := <-v.chunks:
			if !at.Before(t0) {
				return at.Sub(t0), nil
			}
		case <-deadline:
			return 0, fmt.Errorf("no redraw within 10 s")
		}
	}
}

func (v *benchViewer) close() {
	v.sess.Close()
	v.client.Close()
}

// memInUse is heap plus goroutine stacks after a full GC. The clients
// live in the same process, so per-session figures are an upper bound
// for the server.
func memInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse + m.StackInuse
}

func BenchmarkServe50Sessions(b *testing.B) {
	ts := startTestServer(b, func(c *Config) { c.MaxSessions = benchSessions })
	before := memInUse()
	vs := make([]*benchViewer, benchSessions)
	for i := range vs {
		vs[i] = openBenchViewer(b, ts, fmt.Sprint("u", i))
		defer vs[i].close()
	}
	for _, v := range vs {
		select {
		case <-v.ready:
		case <-time.After(30 * time.Second):
			b.Fatalf("a session never showed its first screen; got %q", v.seen.String())
		}
	}
	settleAll(vs, 100*time.Millisecond)
	if ts.sessionCount() != benchSessions {
		b.Fatalf("%d sessions, want %d", ts.sessionCount(), benchSessions)
	}
	perSession := float64(memInUse()-before) / benchSessions / (1 << 20)

	b.Run("typing", func(b *testing.B) {
		reportLatency(b, typeAway(b, vs), "key")
		b.ReportMetric(perSession, "MB/session-start")
		b.ReportMetric(float64(memInUse()-before)/benchSessions/(1<<20), "MB/session")
	})

	b.Run("burst", func(b *testing.B) {
		var lat []time.Duration
		for i := 0; i < b.N; i++ {
			lat = append(lat, pressAll(b, vs, vs, keyFor(i))...)
		}
		reportLatency(b, lat, "key")
	})

	// The first session presents (P); everyone else follows. (Sub-
	// benchmarks run more than once, so this happens out here.)
	pres, followers := vs[0], vs[1:]
	if _, err := io.WriteString(pres.stdin, "P"); err != nil {
		b.Fatal(err)
	}
	serveWaitFor(b, "49 followers", func() bool { return ts.hub.followerCount() == len(followers) })
	settleAll(vs, 100*time.Millisecond)

	b.Run("follow", func(b *testing.B) {
		var lat []time.Duration
		for i := 0; i < b.N; i++ {
			lat = append(lat, pressAll(b, []*benchViewer{pres}, followers, keyFor(i))...)
		}
		reportLatency(b, lat, "fanout")
	})
}

// typeAway has every session press b.N keys, each after the previous
// one's redraw and a think time, and returns every key's latency.
func typeAway(b *testing.B, vs []*benchViewer) []time.Duration {
	lat := make([][]time.Duration, len(vs))
	errs := make(chan error, len(vs))
	var wg sync.WaitGroup
	for i, v := range vs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 1))
			for n := 0; n < b.N; n++ {
				time.Sleep(time.Duration(50+rng.IntN(100)) * time.Millisecond)
				drain(v)
				t0 := time.Now()
				if _, err := io.WriteString(v.stdin, keyFor(n)); err != nil {
					errs <- err
					return
				}
				d, err := v.redrawAfter(t0)
				if err != nil {
					errs <- err
					return
				}
				lat[i] = append(lat[i], d)
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		b.Fatal(err)
	}
	settleAll(vs, 100*time.Millisecond)
	return slices.Concat(lat...)
}

// drain forgets output that arrived so far.
func drain(v *benchViewer) {
	for {
		select {
		case <-v.chunks:
		default:
			return
		}
	}
}

// keyFor alternates → and ← on the first control (a GPU choice), so every
// key changes the scenario and redraws.
func keyFor(i int) string {
	if i%2 == 0 {
		return "\x1b[C"
	}
	return "\x1b[D"
}

// pressAll has every presser press key at once and returns, for each
// watcher, the time from its presser's key (or the single presser's) to
// the watcher's first output; then waits for the output to settle.
func pressAll(b *testing.B, pressers, watchers []*benchViewer, key string) []time.Duration {
	b.Helper()
	lat := make([]time.Duration, len(watchers))
	var wg sync.WaitGroup
	t0 := make([]time.Time, len(pressers))
	for i, p := range pressers {
		t0[i] = time.Now()
		if _, err := io.WriteString(p.stdin, key); err != nil {
			b.Fatal(err)
		}
	}
	errs := make(chan error, len(watchers))
	for i, w := range watchers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := w.redrawAfter(t0[min(i, len(t0)-1)])
			if err != nil {
				errs <- err
			}
			lat[i] = d
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		b.Fatal(err)
	}
	settleAll(append(slices.Clone(pressers), watchers...), 30*time.Millisecond)
	return lat
}

// settleAll waits until no viewer has had output for quiet.
func settleAll(vs []*benchViewer, quiet time.Duration) {
	for busy := true; busy; {
		time.Sleep(quiet)
		busy = false
		for _, v := range vs {
			if len(v.chunks) > 0 {
				busy = true
				drain(v)
			}
		}
	}
}

func reportLatency(b *testing.B, lat []time.Duration, name string) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	q := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(q(0.50), name+"-p50-ms")
	b.ReportMetric(q(0.99), name+"-p99-ms")
	b.ReportMetric(q(1), name+"-max-ms")
}
