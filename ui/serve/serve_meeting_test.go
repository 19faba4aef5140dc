package serve

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// gpuARE finds the first GPU control's value on the explorer's screen.
var gpuARE = regexp.MustCompile(`A GPU\s+◂ (.+?)\s+▸`)

func gpuA(screen string) string {
	if m := gpuARE.FindStringSubmatch(screen); m != nil {
		return m[1]
	}
	return ""
}

// body is the screen without the header (title, meeting role) and the
// key help, which differ between presenter and followers, and without
// the focus marker.
func body(screen string) string {
	lines := strings.Split(screen, "\n")
	if len(lines) < 4 {
		return ""
	}
	return strings.ReplaceAll(strings.Join(lines[2:len(lines)-1], "\n"), "▸ ", "  ")
}

func TestServeTwentyFollowersSeePresenter(t *testing.T) {
	const followers = 20
	ts := startTestServer(t, nil)
	pres := ts.connectAs(t, "ada", 100, 30)
	pres.waitText(firstScreen)
	fs := make([]*sshViewer, followers)
	for i := range fs {
		fs[i] = ts.connectAs(t, fmt.Sprint("f", i), 100, 30)
		fs[i].waitText(firstScreen)
	}

	pres.press("P")
	pres.waitText(fmt.Sprintf("presenting · %d following", followers))
	for _, f := range fs {
		f.waitText("following the presenter")
	}

	before := gpuA(pres.screen())
	pres.press("right") // focus starts on the first GPU: the next GPU
	after := pres.waitScreen("another GPU", func(s string) bool { return gpuA(s) != before })
	want := body(after)
	for i, f := range fs {
		f.waitScreen(fmt.Sprintf("follower %d showing the presenter's GPU, figures and charts", i),
			func(s string) bool { return body(s) == want })
	}

	// One explores alone, changes something and rejoins: back in step.
	f := fs[0]
	f.press("F")
	f.waitText("exploring on your own")
	pres.waitText(fmt.Sprintf("presenting · %d following", followers-1))
	f.press("right")
	f.waitScreen("its own GPU", func(s string) bool { return gpuA(s) != gpuA(after) })
	f.press("F")
	f.waitScreen("the presenter's scenario again", func(s string) bool { return body(s) == want })

	pres.press("q")
	for _, f := range fs {
		f.waitText("presenter left; you keep the last scenario")
		if gpuA(f.screen()) != gpuA(after) {
			t.Fatalf("a follower lost the last scenario when the presenter left:\n%s", f.screen())
		}
	}
}

// TestServeFollowerSeesPresentersChartAndModified: over real SSH, the
// presenter's c shows its follower the same charts, and a changed
// scenario reads "(modified)" on the follower's title too.
func TestServeFollowerSeesPresentersChartAndModified(t *testing.T) {
	ts := startTestServer(t, nil)
	pres := ts.connectAs(t, "ada", 120, 40)
	pres.waitText(firstScreen)
	f := ts.connectAs(t, "bob", 120, 40)
	f.waitText(firstScreen)
	pres.press("P")
	pres.waitText("presenting · 1 following")
	f.waitText("following the presenter")

	pres.press("c")
	charts := []string{"tok/s/GPU vs ms/tok", "TTFT (ms) vs prompt length"}
	both := func(s string) bool { return strings.Contains(s, charts[0]) && strings.Contains(s, charts[1]) }
	pres.waitScreen("the next two charts", both)
	f.waitScreen("the presenter's charts", both)

	pres.press("p") // a preset, then a change to it
	pres.waitText("preset 1/")
	pres.press("down", "right")
	pres.waitText("(modified)")
	f.waitScreen("the presenter's title, modified", func(s string) bool {
		title := strings.SplitN(s, "\n", 2)[0]
		return strings.Contains(title, "(modified)") && strings.Contains(title, "ssh · preset 1/")
	})
}
