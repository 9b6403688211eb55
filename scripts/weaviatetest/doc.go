// Package weaviatetest holds the kill test of issue #14: it proves, over
// plain HTTP, that a three-node Weaviate cluster started by scripts/weaviate
// answers the same when one node dies and that the node catches up when it
// comes back. It has no code of its own, only a test that skips unless
// ARCHIVIST_TEST_WEAVIATE_CLUSTER names the three nodes (docs/WEAVIATE-CLUSTER.md).
package weaviatetest
