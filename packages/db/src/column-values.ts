// The closed value sets live in @parley/vocabulary, below db and generation alike; db's modules
// and its public surface take them from here so the CHECK-backed columns and their types agree.
export * from "@parley/vocabulary";
