package plan

// resourceValues holds an instance's raw values and their lazily decoded cty
// form. Filled in by the loader.
type resourceValues struct{}

// planIndex holds the lookup tables built once by the loader.
type planIndex struct{}
