package uselite

import (
	"context"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// benchChunks are original ~100-word passages, the size of the chunks
// archivist indexes.
var benchChunks = []string{
	`The ferry to the island left twice a day in summer and once a day in winter, and the timetable was pinned inside the harbour office beside a faded map of the currents. Most passengers were farmers carrying crates of apples or sacks of feed, but every Thursday a schoolteacher crossed with a box of library books balanced on her knees. She said the crossing was the only hour of the week when nobody could ask her anything, and she spent it reading whichever book the children had returned with the most folded corners, to find out what they had loved.`,
	`When the city council voted to close the old tram depot, nobody expected the building to become the busiest place in the district. A group of mechanics rented the northern hall and began repairing bicycles for anyone who could pay a little, and for free on Sunday mornings. Within a year there was a bakery in the ticket office, a choir rehearsing under the iron roof, and a waiting list for workshop benches. The council later claimed the project as its own idea, which amused the mechanics, who still kept the eviction notice framed above the tool rack.`,
	`Glaciers record their history in layers, much as trees keep rings, although reading them takes drills, freezers and patience. Each winter's snow buries the dust, ash and air of the year before, and pressure slowly turns the snow into ice that can survive for thousands of years. Scientists who study these cores look for sudden changes in chemistry that mark volcanic eruptions, droughts or shifts in ocean circulation. The work is slow, and a single season in the field may produce only a few metres of usable ice, but each metre can hold centuries of weather.`,
	`The small press printed only four books a year, each one set by hand in metal type that the founder had bought from a newspaper that closed in the nineteen seventies. Authors were paid in copies and in long letters about their commas. Sales were modest, but libraries kept ordering the books because the paper lasted and the bindings opened flat. When the founder retired, three former apprentices took over the lease and argued for a month about whether to buy a computer. In the end they bought one, and used it only to answer email about missing orders.`,
	`Running a night market requires more planning than visitors imagine. Stall holders must book their pitches weeks ahead, the electricity has to be tested before dusk, and someone needs to agree with the neighbours about music and closing times. On busy evenings the organisers walk the aisles with clipboards, checking that gas bottles are stored safely and that the fire lanes stay clear. Yet the atmosphere seems effortless to the crowds who come for grilled corn, second-hand records and handmade jewellery, and that illusion of ease is exactly what the organisers work so hard to maintain.`,
	`Every spring the river changed its mind about where it wanted to run. Meltwater from the hills would push gravel into new banks, and by June the shallow ford that cattle had used the year before might be a deep channel. The families along the valley kept a shared notebook in the chapel where they wrote down the safe crossings, the dates of floods and the names of anyone who had lost an animal. Read from front to back, the notebook tells the story of a landscape that never stayed still and of people who learned to move with it.`,
}

// benchQuery is a short question, the size of a user's query.
const benchQuery = "When does the ferry to the island leave in winter?"

func words(texts []string) int {
	n := 0
	for _, t := range texts {
		n += len(strings.Fields(t))
	}
	return n
}

// benchModels returns the model under each kernel family this machine
// runs, fp32 first, so one `go test -bench` run compares them.
func benchModels(b *testing.B) []*Model {
	m := testModel(b)
	ms := []*Model{m.fp32()}
	if m.Kernel() != ms[0].Kernel() {
		ms = append(ms, m)
	}
	return ms
}

// BenchmarkEmbedBatch embeds batches of ~100-word chunks with EmbedBatch,
// with each kernel family (fp32 and, with AVX512-VNNI, int8), and reports
// chunks/s and words/s (wall clock) and chunks per CPU-second.
func BenchmarkEmbedBatch(b *testing.B) {
	ctx := context.Background()
	var batch []string
	for len(batch) < 48 {
		batch = append(batch, benchChunks...)
	}
	for _, m := range benchModels(b) {
		b.Run(m.Kernel(), func(b *testing.B) {
			cpu0 := cpuTime()
			for b.Loop() {
				if _, err := m.EmbedBatch(ctx, batch); err != nil {
					b.Fatal(err)
				}
			}
			sec := b.Elapsed().Seconds()
			b.ReportMetric(float64(b.N*len(batch))/sec, "chunks/s")
			b.ReportMetric(float64(b.N*words(batch))/sec, "words/s")
			// On a shared machine wall-clock rates swing with the other
			// load; the CPU time this process used gives a steadier
			// per-core rate.
			if cpu := (cpuTime() - cpu0).Seconds(); cpu > 0 {
				b.ReportMetric(float64(b.N*len(batch))/cpu, "chunks/cpu-s")
			}
		})
	}
}

// BenchmarkEmbedQuery embeds one short question at a time and reports the
// median latency.
func BenchmarkEmbedQuery(b *testing.B) {
	ctx := context.Background()
	for _, m := range benchModels(b) {
		b.Run(m.Kernel(), func(b *testing.B) {
			var lat []time.Duration
			for b.Loop() {
				start := time.Now()
				if _, err := m.Embed(ctx, benchQuery); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
		})
	}
}

// BenchmarkLoad loads the model and reports the heap it holds afterwards.
func BenchmarkLoad(b *testing.B) {
	testModel(b) // skips when the model is absent
	dir := os.Getenv("ARCHIVIST_MODEL_DIR")
	if dir == "" {
		dir, _ = DefaultDir()
	}
	var heap uint64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		m, err := Load(dir)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		heap = after.HeapAlloc - before.HeapAlloc
		runtime.KeepAlive(m)
	}
	b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
}

// BenchmarkGemm multiplies a 128 x 512 matrix by a 512 x 1536 one (the
// first feed-forward product of a full chunk) with each tile kernel this
// machine can run, single-threaded, and reports GFLOP/s.
func BenchmarkGemm(b *testing.B) {
	const m, k, n = maxTokens, modelDim, ffnDim
	r := rand.New(rand.NewPCG(1, 2))
	a := randomMatrix(r, m*k)
	bp := packB(randomMatrix(r, k*n), n, k, n)
	c := make([]float32, m*n)
	s := newGemmScratch(m, k)
	saved := kernel
	defer func() { kernel = saved }()
	for name, kf := range availableKernels() {
		b.Run(name, func(b *testing.B) {
			kernel = kf
			for b.Loop() {
				gemm(c, n, a, k, m, &bp, nil, &s)
			}
			b.ReportMetric(2*m*k*n*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
	if kernel8 != nil {
		q := bp
		q.q = quantize(&bp)
		b.Run("int8-vnni", func(b *testing.B) {
			for b.Loop() {
				gemm(c, n, a, k, m, &q, nil, &s)
			}
			b.ReportMetric(2*m*k*n*float64(b.N)/b.Elapsed().Seconds()/1e9, "GOP/s")
		})
	}
}

// BenchmarkEmbedChunkKernels embeds one ~100-word chunk at a time on one
// goroutine with each tile kernel this machine can run: the per-core rate
// with and without the assembly kernels.
func BenchmarkEmbedChunkKernels(b *testing.B) {
	m := testModel(b).fp32()
	ctx := context.Background()
	saved := kernel
	defer func() { kernel = saved }()
	for name, kf := range availableKernels() {
		b.Run(name, func(b *testing.B) {
			kernel = kf
			i := 0
			for b.Loop() {
				if _, err := m.Embed(ctx, benchChunks[i%len(benchChunks)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "chunks/s")
		})
	}
	if q := testModel(b); q.Kernel() != m.Kernel() {
		b.Run(q.Kernel(), func(b *testing.B) {
			i := 0
			for b.Loop() {
				if _, err := q.Embed(ctx, benchChunks[i%len(benchChunks)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "chunks/s")
		})
	}
}
