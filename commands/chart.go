package commands

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"math"
	"time"

	"git.sr.ht/~sbinet/gg"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/kindred-bot/kindred/data"
	"github.com/kindred-bot/kindred/i18n"
)

// The mood chart is drawn with gonum/plot, on a transparent background
// with mid-grey text and grid, a calm blue for each day's mood and orange
// for the weekly average: colours that read on Discord's light and dark
// themes alike.
var (
	chartGrey  = color.NRGBA{R: 0x88, G: 0x8d, B: 0x96, A: 0xff}
	chartGrid  = color.NRGBA{R: 0x88, G: 0x8d, B: 0x96, A: 0x50}
	chartDaily = color.NRGBA{R: 0x4a, G: 0x90, B: 0xd9, A: 0xff}
	chartAvg   = color.NRGBA{R: 0xf0, G: 0x8c, B: 0x2e, A: 0xff}
)

// Mood chart size in pixels: wide enough to read in Discord's embed.
const (
	chartWidthPx  = 800
	chartHeightPx = 400
	chartDPI      = 96
)

// MoodChartFile is the chart's attachment name; an embed shows it with
// Image.URL "attachment://" + MoodChartFile.
const MoodChartFile = "mood.png"

// MovingAverageDays is the window of the chart's moving average.
const MovingAverageDays = 7

// MoodChart draws a member's moods over the days days ending on today
// (YYYY-MM-DD, server time) as a PNG: each day's mood (the mean of that
// day's check-ins) as a dot, and the mean over the last MovingAverageDays
// days as a line. Check-ins up to MovingAverageDays-1 days before the
// first day count towards the first days' average; others outside the
// range are ignored. Its words are English; MoodChartIn writes them in
// another language.
func MoodChart(checkins []data.Checkin, today string, days int) ([]byte, error) {
	return MoodChartIn(i18n.For(i18n.Base), checkins, today, days)
}

// MoodChartIn is MoodChart with its labels, legend and dates in pr's
// language.
func MoodChartIn(pr *i18n.Printer, checkins []data.Checkin, today string, days int) ([]byte, error) {
	end, err := time.Parse(time.DateOnly, today)
	if err != nil {
		return nil, fmt.Errorf("mood chart: bad day %q: %w", today, err)
	}
	if days < 2 {
		return nil, fmt.Errorf("mood chart: %d days is too few", days)
	}
	start := end.AddDate(0, 0, -(days - 1))

	// Daily means, indexed by days since start (negative for the days
	// before the chart that feed the first averages).
	sum := map[int]float64{}
	count := map[int]int{}
	for _, c := range checkins {
		d, err := time.Parse(time.DateOnly, c.LocalDate)
		if err != nil {
			continue
		}
		i := int(d.Sub(start).Hours() / 24)
		if i < -(MovingAverageDays-1) || i >= days {
			continue
		}
		sum[i] += float64(c.Mood)
		count[i]++
	}
	var dots plotter.XYs
	for i := 0; i < days; i++ {
		if count[i] > 0 {
			dots = append(dots, plotter.XY{X: float64(i), Y: sum[i] / float64(count[i])})
		}
	}
	// The average line breaks where a whole window has no check-ins.
	var segments []plotter.XYs
	var seg plotter.XYs
	for i := 0; i < days; i++ {
		total, n := 0.0, 0
		for k := i - MovingAverageDays + 1; k <= i; k++ {
			if count[k] > 0 {
				total += sum[k] / float64(count[k])
				n++
			}
		}
		if n == 0 {
			if len(seg) > 0 {
				segments = append(segments, seg)
			}
			seg = nil
			continue
		}
		seg = append(seg, plotter.XY{X: float64(i), Y: total / float64(n)})
	}
	if len(seg) > 0 {
		segments = append(segments, seg)
	}

	img := chartImages.get()
	defer chartImages.put(img)
	p := plot.New()
	p.BackgroundColor = color.Transparent
	sans := font.Font{Typeface: "Liberation", Variant: "Sans"}
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Color = chartGrey
		ax.Tick.Color = chartGrey
		ax.Tick.Label.Color = chartGrey
		ax.Tick.Label.Font = font.From(sans, 11)
		ax.Label.TextStyle.Color = chartGrey
		ax.Label.TextStyle.Font = font.From(sans, 11)
	}
	p.X.Min, p.X.Max = -0.5, float64(days)-0.5
	p.X.Tick.Marker = dayTicks{start: start, days: days, p: pr}
	// Room above "great" for the legend.
	p.Y.Min, p.Y.Max = 0.6, 6.2
	p.Y.Tick.Marker = plot.ConstantTicks([]plot.Tick{
		{Value: 1, Label: moodWord(pr, 1)}, {Value: 2, Label: moodWord(pr, 2)}, {Value: 3, Label: moodWord(pr, 3)},
		{Value: 4, Label: moodWord(pr, 4)}, {Value: 5, Label: moodWord(pr, 5)},
	})
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.Padding = vg.Points(4)
	p.Legend.XOffs = vg.Points(10)
	p.Legend.TextStyle.Color = chartGrey
	p.Legend.TextStyle.Font = font.From(sans, 11)

	grid := plotter.NewGrid()
	grid.Vertical.Color = nil
	grid.Horizontal.Color = chartGrid
	grid.Horizontal.Width = vg.Points(0.75)
	p.Add(grid)

	for i, s := range segments {
		line, err := plotter.NewLine(s)
		if err != nil {
			return nil, fmt.Errorf("mood chart: %w", err)
		}
		line.Color = chartAvg
		line.Width = vg.Points(2.5)
		p.Add(line)
		if i == 0 {
			p.Legend.Add(pr.N("checkin.chart_average", MovingAverageDays), line)
		}
	}
	if len(dots) > 0 {
		sc, err := plotter.NewScatter(dots)
		if err != nil {
			return nil, fmt.Errorf("mood chart: %w", err)
		}
		sc.Color = chartDaily
		sc.Shape = draw.CircleGlyph{}
		sc.Radius = vg.Points(3.5)
		p.Add(dotsPlot{Scatter: sc, img: img})
		p.Legend.Add(pr.T("checkin.chart_daily"), sc)
	}

	c := chartCanvas(img)
	// A margin, so no label touches the edge of the image.
	m := vg.Points(6)
	p.Draw(draw.Crop(draw.New(c), m, -2*m, m, -m))
	var buf bytes.Buffer
	buf.Grow(128 << 10) // a year's chart is about 90 KB
	if err := encodeChartPNG(&buf, img); err != nil {
		return nil, fmt.Errorf("mood chart: encode PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// Drawing a chart is mostly filling and compressing pixels, so the image
// is reused between charts (a few kept, so memory stays bounded), as are
// the PNG encoder's buffers (chart_png.go).
var chartImages = freeList[*image.RGBA]{new: func() *image.RGBA { return image.NewRGBA(image.Rect(0, 0, chartWidthPx, chartHeightPx)) }, free: make(chan *image.RGBA, 2)}

// freeList keeps up to cap(free) values for reuse. Unlike a sync.Pool it
// keeps them across garbage collections, which a chart (megabytes of
// pixels) would otherwise bring on often.
type freeList[T any] struct {
	new  func() T
	free chan T
}

func (l freeList[T]) get() T {
	select {
	case v := <-l.free:
		return v
	default:
		return l.new()
	}
}

func (l freeList[T]) put(v T) {
	select {
	case l.free <- v:
	default:
	}
}

// dotsPlot paints a scatter's dots straight onto the chart's pixels, as
// anti-aliased discs: rasterising 365 vector circles is most of the cost
// of drawing a year. The scatter itself still sizes the plot and draws the
// legend's dot.
type dotsPlot struct {
	*plotter.Scatter
	img *image.RGBA
}

func (d dotsPlot) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	r := d.Radius.Dots(chartDPI)
	h := float64(d.img.Bounds().Dy())
	for _, xy := range d.XYs {
		pt := vg.Point{X: trX(xy.X), Y: trY(xy.Y)}
		if c.Contains(pt) {
			paintDisc(d.img, pt.X.Dots(chartDPI), h-pt.Y.Dots(chartDPI), r, d.Color)
		}
	}
}

// GlyphBoxes returns the boxes of the outermost dots only: the plot uses
// them to leave room at its edges, and the inner dots change nothing.
func (d dotsPlot) GlyphBoxes(plt *plot.Plot) []plot.GlyphBox {
	if len(d.XYs) == 0 {
		return nil
	}
	ext := [4]plotter.XY{d.XYs[0], d.XYs[0], d.XYs[0], d.XYs[0]}
	for _, xy := range d.XYs {
		if xy.X < ext[0].X {
			ext[0] = xy
		}
		if xy.X > ext[1].X {
			ext[1] = xy
		}
		if xy.Y < ext[2].Y {
			ext[2] = xy
		}
		if xy.Y > ext[3].Y {
			ext[3] = xy
		}
	}
	r := d.Radius
	boxes := make([]plot.GlyphBox, len(ext))
	for i, xy := range ext {
		boxes[i] = plot.GlyphBox{X: plt.X.Norm(xy.X), Y: plt.Y.Norm(xy.Y), Rectangle: vg.Rectangle{Min: vg.Point{X: -r, Y: -r}, Max: vg.Point{X: r, Y: r}}}
	}
	return boxes
}

// paintDisc composites a disc of radius r centred on (cx, cy), in pixels,
// over img, with coverage falling off across the edge's one pixel.
func paintDisc(img *image.RGBA, cx, cy, r float64, col color.Color) {
	sr, sg, sb, sa := col.RGBA()
	b := img.Bounds()
	x0, x1 := max(int(math.Floor(cx-r-1)), b.Min.X), min(int(math.Ceil(cx+r+1)), b.Max.X-1)
	y0, y1 := max(int(math.Floor(cy-r-1)), b.Min.Y), min(int(math.Ceil(cy+r+1)), b.Max.Y-1)
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			dist := math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy)
			cov := min(max(r-dist+0.5, 0), 1)
			if cov == 0 {
				continue
			}
			a := uint32(cov * 0xffff)
			inv := 0xffff - sa*a/0xffff
			i := img.PixOffset(x, y)
			p := img.Pix[i : i+4 : i+4]
			p[0] = uint8((uint32(p[0])*0x101*inv/0xffff + sr*a/0xffff) >> 8)
			p[1] = uint8((uint32(p[1])*0x101*inv/0xffff + sg*a/0xffff) >> 8)
			p[2] = uint8((uint32(p[2])*0x101*inv/0xffff + sb*a/0xffff) >> 8)
			p[3] = uint8((uint32(p[3])*0x101*inv/0xffff + sa*a/0xffff) >> 8)
		}
	}
}

// chartCanvas clears img to transparent and returns a canvas drawing on
// it. vgimg.NewWith would allocate the image and then gg would copy it.
func chartCanvas(img *image.RGBA) *vgimg.Canvas {
	ctx := gg.NewContextForRGBA(img)
	ctx.SetLineCapButt()
	ctx.InvertY()
	c := vgimg.NewWith(vgimg.UseImageWithContext(img, ctx), vgimg.UseDPI(chartDPI))
	// With an image given, NewWith paints it white; the chart is drawn on
	// a transparent background so that it reads on light and dark themes.
	clear(img.Pix)
	return c
}

// dayTicks label the x axis with dates, counting back from the last day
// so that today always has a label.
type dayTicks struct {
	start time.Time
	days  int
	p     *i18n.Printer
}

func (t dayTicks) Ticks(min, max float64) []plot.Tick {
	// Weekly labels for a month, fortnightly for a quarter, and about
	// eight whole weeks apart beyond, so that dates never overlap.
	step := 7
	switch {
	case t.days > 120:
		step = 7 * ((t.days/7 + 7) / 8)
	case t.days > 45:
		step = 14
	}
	var ticks []plot.Tick
	for i := t.days - 1; i >= 0; i -= step {
		ticks = append(ticks, plot.Tick{Value: float64(i), Label: t.p.Date(t.start.AddDate(0, 0, i), i18n.DayShort)})
	}
	return ticks
}
