package screen

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/vt"
)

// sgrParams are what random SGR sequences are made of.
var sgrParams = []string{"1", "2", "3", "4", "4:3", "5", "7", "8", "9", "22", "23", "24", "27", "29", "31", "39", "38;5;200", "38;2;1;2;3", "44", "49", "48;5;17", "48;2;9;9;9", "58;5;3", "59", "0", "", "53", "55"}

func randSGR(r *rand.Rand) string {
	var p []string
	for range 1 + r.IntN(4) {
		p = append(p, sgrParams[r.IntN(len(sgrParams))])
	}
	return "\x1b[" + strings.Join(p, ";") + "m"
}

// randomPieces are pieces and a few more: a closed link with an id, blank
// stretches under a background, bold or strikethrough.
var randomPieces = append(append([]string{}, pieces...), "\x1b]8;id=1;https://a\x1b\\L\x1b]8;;\x1b\\", "\x1b[48;5;1m        ", "\x1b[41;1m    \x1b[22m   ", "\x1b[9m  \x1b[29m", "Z", "  ", "    ", "世", "e\u0301")

func randomPensLine(r *rand.Rand, w int) string {
	var b strings.Builder
	for b.Len() < r.IntN(4*w) {
		if r.IntN(3) == 0 {
			b.WriteString(randSGR(r))
		} else {
			b.WriteString(randomPieces[r.IntN(len(randomPieces))])
		}
	}
	return b.String()
}

// TestPainterRandomPens paints random views of many pens (SGR codes put
// anywhere between characters), links, wide characters and blank
// stretches, at random small sizes with resizes, and checks the screen
// after every frame. (An emoji modifier not right after its emoji is left
// out: terminals disagree on whether it joins what is before it.)
func TestPainterRandomPens(t *testing.T) {
	for _, term := range []string{"xterm-256color", "vt100"} {
		for _, crlf := range []bool{false, true} {
			for seed := range uint64(6) {
				t.Run(fmt.Sprint(term, crlf, seed), func(t *testing.T) {
					r := rand.New(rand.NewPCG(seed, 7))
					sizes := [][2]int{{1 + r.IntN(12), 1 + r.IntN(5)}, {1 + r.IntN(40), 1 + r.IntN(9)}}
					w, h := sizes[0][0], sizes[0][1]
					pt, em := newPainter(term, crlf), vt.NewEmulator(w, h)
					lines := make([]string, 1+r.IntN(12))
					for i := range 200 {
						if i%50 == 49 {
							s := sizes[r.IntN(2)]
							w, h = s[0], s[1]
							em.Resize(w, h)
						}
						for range 1 + r.IntN(3) {
							y := r.IntN(len(lines))
							switch r.IntN(4) {
							case 0:
								lines[y] = randomPensLine(r, w)
							case 1:
								lines[y] = strings.Replace(lines[y], randomPieces[r.IntN(len(randomPieces))], randomPieces[r.IntN(len(randomPieces))], 1)
							case 2:
								lines = make([]string, 1+r.IntN(12))
								for y := range lines {
									lines[y] = randomPensLine(r, w)
								}
							case 3:
								if len(lines[y]) > 0 {
									k := r.IntN(len(lines[y]))
									lines[y] = lines[y][:k] + randSGR(r) + lines[y][k:]
								}
							}
						}
						view := strings.Join(lines, "\n")
						if !printableAndSGR(oscRe.ReplaceAllString(view, "")) || strings.Count(view, "🏽") != strings.Count(view, "👍🏽") {
							continue
						}
						b := pt.frame(view, w, h)
						if crlf {
							b = bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
						}
						em.Write(b)
						sameScreen(t, fmt.Sprintf("step %d %dx%d view %q bytes %q", i, w, h, view, b), em, view, w, h)
					}
				})
			}
		}
	}
}

var oscRe = regexp.MustCompile("\x1b]8;[^\x1b]*\x1b\\\\")
