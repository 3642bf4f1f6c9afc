package main

import (
	"fmt"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// writeChart draws median wall time against plan size, both log-scaled,
// one line per tool; a timed-out size is drawn as an upward triangle at
// the time the run was killed (the true time is higher).
func writeChart(path string, cfg config, res *results) error {
	p := plot.New()
	p.Title.Text = "Plan scan time vs. plan size (median wall time, log-log)"
	p.X.Label.Text = "resource instances in the plan"
	p.Y.Label.Text = "seconds"
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.LogTicks{Prec: -1}, plot.LogTicks{Prec: -1}
	// Bottom right is empty on a log-log time chart (large plans take
	// seconds, the axis reaches down to the small plans' fractions of one).
	p.Legend.Top, p.Legend.Left = false, false

	palette := []color.RGBA{
		{0xd6, 0x27, 0x28, 0xff}, {0x7f, 0x7f, 0x7f, 0xff}, {0xbc, 0xbd, 0x22, 0xff}, {0x1f, 0x77, 0xb4, 0xff},
		{0xff, 0x7f, 0x0e, 0xff}, {0x2c, 0xa0, 0x2c, 0xff}, {0x94, 0x67, 0xbd, 0xff}, {0x8c, 0x56, 0x4b, 0xff},
		{0x17, 0xbe, 0xcf, 0xff}, {0xe3, 0x77, 0xc2, 0xff}, {0x00, 0x00, 0x00, 0xff},
	}
	drawn, killedSeries := 0, 0
	lo, hi := math.Inf(1), math.Inf(-1)
	track := func(xys plotter.XYs) {
		for _, xy := range xys {
			lo, hi = math.Min(lo, xy.Y), math.Max(hi, xy.Y)
		}
	}
	for i, t := range res.tools {
		var done, killed plotter.XYs
		var sizes []int
		for n := range res.bySize[t.Name] {
			sizes = append(sizes, n)
		}
		sort.Ints(sizes)
		for _, n := range sizes {
			s := res.bySize[t.Name][n]
			switch {
			case len(s.ok()) > 0:
				done = append(done, plotter.XY{X: float64(n), Y: max(s.medianWall().Seconds(), 1e-3)})
			case s.timedOut():
				killed = append(killed, plotter.XY{X: float64(n), Y: s.Runs[len(s.Runs)-1].Wall.Seconds()})
			}
		}
		if len(done) == 0 && len(killed) == 0 {
			continue
		}
		track(done)
		track(killed)
		c := palette[i%len(palette)]
		if len(done) > 0 {
			line, points, err := plotter.NewLinePoints(done)
			if err != nil {
				return fmt.Errorf("%s line: %w", t.Name, err)
			}
			line.Color, points.Color = c, c
			line.Width = vg.Points(1.5)
			if t.Kind == "floor" {
				line.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
			}
			points.Shape = draw.CircleGlyph{}
			p.Add(line, points)
			p.Legend.Add(t.Name, line, points)
		}
		if len(killed) > 0 {
			sc, err := plotter.NewScatter(killed)
			if err != nil {
				return fmt.Errorf("%s timeouts: %w", t.Name, err)
			}
			sc.Color = c
			sc.Shape = draw.TriangleGlyph{}
			// Tools killed at the same limit land on the same point:
			// each further series draws a larger triangle around it.
			sc.Radius = vg.Points(4 + 2*float64(killedSeries))
			killedSeries++
			p.Add(sc)
			p.Legend.Add(t.Name+" (killed: timeout or memory; true time higher)", sc)
		}
		drawn++
	}
	if drawn == 0 {
		return fmt.Errorf("no measurement to draw")
	}
	// Whole decades on both axes, so the log ticks always have labels.
	p.Y.Min, p.Y.Max = math.Pow(10, math.Floor(math.Log10(lo))), math.Pow(10, math.Ceil(math.Log10(hi)))
	if p.Y.Max <= p.Y.Min*10 {
		p.Y.Max = p.Y.Min * 100
	}
	p.X.Min, p.X.Max = 500, 200000
	p.Add(plotter.NewGrid())
	return p.Save(9*vg.Inch, 6*vg.Inch, path)
}
