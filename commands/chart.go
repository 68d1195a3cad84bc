package commands

import (
	"bytes"
	"fmt"
	"image/color"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/kindred-bot/kindred/data"
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

// moodWords name the five moods on the chart's axis.
var moodWords = [6]string{"", "struggling", "low", "okay", "good", "great"}

// MoodChart draws a member's moods over the days days ending on today
// (YYYY-MM-DD, server time) as a PNG: each day's mood (the mean of that
// day's check-ins) as a dot, and the mean over the last MovingAverageDays
// days as a line. Check-ins up to MovingAverageDays-1 days before the
// first day count towards the first days' average; others outside the
// range are ignored.
func MoodChart(checkins []data.Checkin, today string, days int) ([]byte, error) {
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
	p.X.Tick.Marker = dayTicks{start: start, days: days}
	// Room above "great" for the legend.
	p.Y.Min, p.Y.Max = 0.6, 6.2
	p.Y.Tick.Marker = plot.ConstantTicks([]plot.Tick{
		{Value: 1, Label: moodWords[1]}, {Value: 2, Label: moodWords[2]}, {Value: 3, Label: moodWords[3]},
		{Value: 4, Label: moodWords[4]}, {Value: 5, Label: moodWords[5]},
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
			p.Legend.Add(fmt.Sprintf("%d-day average", MovingAverageDays), line)
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
		p.Add(sc)
		p.Legend.Add("mood that day", sc)
	}

	w := vg.Length(chartWidthPx) * vg.Inch / chartDPI
	h := vg.Length(chartHeightPx) * vg.Inch / chartDPI
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(chartDPI), vgimg.UseBackgroundColor(color.Transparent))
	// A margin, so no label touches the edge of the image.
	m := vg.Points(6)
	p.Draw(draw.Crop(draw.New(c), m, -2*m, m, -m))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("mood chart: encode PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// dayTicks label the x axis with dates, counting back from the last day
// so that today always has a label.
type dayTicks struct {
	start time.Time
	days  int
}

func (t dayTicks) Ticks(min, max float64) []plot.Tick {
	step := 7
	if t.days > 45 {
		step = 14
	}
	var ticks []plot.Tick
	for i := t.days - 1; i >= 0; i -= step {
		ticks = append(ticks, plot.Tick{Value: float64(i), Label: t.start.AddDate(0, 0, i).Format("2 Jan")})
	}
	return ticks
}
