//go:build linux

package e2e

import (
	"encoding/base64"
	"regexp"
	"strings"
	"testing"
)

// osc52 is a clipboard write: OSC 52 ; c ; base64 payload, ended by BEL
// or ST.
var osc52 = regexp.MustCompile("\x1b\\]52;c;([A-Za-z0-9+/=]*)(?:\x07|\x1b\\\\)")

// TestE2EShareStringRoundTrip: y copies the scenario as a share string
// (OSC 52, which a real terminal puts on the clipboard); pasted at enter,
// it opens that scenario again after another was loaded; m shows what
// moves the answer and closes again.
func TestE2EShareStringRoundTrip(t *testing.T) {
	forEachSize(t, func(t *testing.T, s *ptySession) {
		opening := s.Screen()[0]
		s.write([]byte("p")) //nolint:errcheck
		if !s.WaitFor(e2eWait, func(rows []string) bool { return rows[0] != opening }) {
			t.Fatalf("p did not load the first preset:\n%s", s.ScreenText())
		}
		s.settle()
		header := s.Screen()[0]

		mark := s.Total()
		s.write([]byte("y")) //nolint:errcheck
		if err := s.WaitText(e2eWait, "copied the share string"); err != nil {
			t.Fatal(err)
		}
		m := osc52.FindSubmatch(s.Raw(mark))
		if m == nil {
			t.Fatalf("y wrote no OSC 52 clipboard sequence: %q", s.Raw(mark))
		}
		share, err := base64.StdEncoding.DecodeString(string(m[1]))
		if err != nil || !strings.HasPrefix(string(share), "ic1.") {
			t.Fatalf("the clipboard holds %q (%v), not a share string", share, err)
		}

		s.write([]byte("p")) //nolint:errcheck
		if !s.WaitFor(e2eWait, func(rows []string) bool { return rows[0] != header }) {
			t.Fatalf("p did not load the next preset:\n%s", s.ScreenText())
		}
		s.write([]byte(keyBytes("enter"))) //nolint:errcheck
		s.settle()
		s.write([]byte("\x1b[200~" + string(share) + "\x1b[201~")) //nolint:errcheck
		s.settle()
		s.write([]byte(keyBytes("enter"))) //nolint:errcheck
		if err := s.WaitText(e2eWait, "opened the share string"); err != nil {
			t.Fatal(err)
		}
		s.settle()
		if got := s.Screen()[0]; got != header {
			t.Errorf("the pasted share string opened\n%q\nnot the scenario it was copied from\n%q", got, header)
		}

		s.write([]byte("m")) //nolint:errcheck
		if err := s.WaitText(e2eWait, "What moves the answer", "largest swing first"); err != nil {
			t.Fatal(err)
		}
		s.write([]byte("m")) //nolint:errcheck
		if !s.WaitFor(e2eWait, func(rows []string) bool {
			return !containsAll(rows, []string{"What moves the answer"}) && containsAll(rows, e2eReadyTexts)
		}) {
			t.Fatalf("a second m did not close the overlay:\n%s", s.ScreenText())
		}
		s.quit(t)
	})
}
