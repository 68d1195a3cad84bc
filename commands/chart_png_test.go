package commands

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"testing"
)

// TestEncodeChartPNG checks that the chart's own PNG encoder writes the
// pixels image/png would: opaque, transparent and partly transparent
// ones, rows alike and not.
func TestEncodeChartPNG(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	tests := []struct {
		name string
		w, h int
		fill func(x, y int) color.RGBA
	}{
		{"transparent", 5, 3, func(int, int) color.RGBA { return color.RGBA{} }},
		{"opaque stripes", 8, 6, func(x, y int) color.RGBA { return color.RGBA{uint8(40 * y), 10, uint8(x), 0xff} }},
		{"anti-aliased", 33, 17, func(int, int) color.RGBA {
			a := uint8(rng.IntN(256))
			return color.RGBA{uint8(rng.IntN(int(a) + 1)), uint8(rng.IntN(int(a) + 1)), uint8(rng.IntN(int(a) + 1)), a}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := image.NewRGBA(image.Rect(0, 0, tt.w, tt.h))
			for y := range tt.h {
				for x := range tt.w {
					img.SetRGBA(x, y, tt.fill(x, y))
				}
			}
			var std bytes.Buffer
			if err := png.Encode(&std, img); err != nil {
				t.Fatal(err)
			}
			want, err := png.Decode(&std)
			if err != nil {
				t.Fatal(err)
			}
			for round := range 2 { // the second reuses the encoder's buffers
				var buf bytes.Buffer
				if err := encodeChartPNG(&buf, img); err != nil {
					t.Fatal(err)
				}
				got, err := png.Decode(&buf)
				if err != nil {
					t.Fatalf("round %d: decode: %v", round, err)
				}
				if got.Bounds() != want.Bounds() {
					t.Fatalf("round %d: bounds %v, want %v", round, got.Bounds(), want.Bounds())
				}
				for y := range tt.h {
					for x := range tt.w {
						if g, w := color.NRGBAModel.Convert(got.At(x, y)), color.NRGBAModel.Convert(want.At(x, y)); g != w {
							t.Fatalf("round %d: pixel (%d, %d) is %v, want %v", round, x, y, g, w)
						}
					}
				}
			}
		})
	}
}
