package plan

import (
	"sync"
	"unsafe"

	"github.com/zclconf/go-cty/cty"
)

// Shared cty types. cty.ObjectVal builds a new object type (two maps of
// attribute types) for every object it makes, although the thousands of
// instances of one resource type have objects of a handful of shapes; on a
// generated 15k-instance plan those types were a fifth of the decoded
// values' memory and much of the decoder's garbage. The decoder therefore
// keeps one object or tuple type per shape for the whole plan and builds
// values of that type directly.
//
// cty offers no constructor for a value of a given object type, so
// valueOf writes the two fields of cty.Value (its type and its raw Go
// value, a map[string]any for objects and a []any for tuples) through a
// mirror struct. TestInternedValuesMatchCty proves for the go-cty version in
// go.mod that such values equal those of cty.ObjectVal/cty.TupleVal, and
// ctyValueLayoutOK refuses interning if the layout ever changes size. cty
// types are immutable, so sharing them between values and goroutines is safe.

// ctyValueLayout mirrors cty.Value{ty Type; v interface{}}.
type ctyValueLayout struct {
	ty cty.Type
	v  any
}

var ctyValueLayoutOK = unsafe.Sizeof(ctyValueLayout{}) == unsafe.Sizeof(cty.Value{}) &&
	unsafe.Alignof(ctyValueLayout{}) == unsafe.Alignof(cty.Value{})

func rawOf(v cty.Value) any {
	return (*ctyValueLayout)(unsafe.Pointer(&v)).v
}

func valueOf(t cty.Type, raw any) cty.Value {
	l := ctyValueLayout{ty: t, v: raw}
	return *(*cty.Value)(unsafe.Pointer(&l))
}

// Type identifiers in shape signatures. Primitive and empty types have fixed
// ones; interned types are numbered from firstInternedType.
const (
	noTypeID uint64 = iota // a type this decoder does not track: no interning
	typeIDString
	typeIDNumber
	typeIDBool
	typeIDDynamic
	typeIDEmptyObject
	typeIDEmptyTuple
	firstInternedType
)

type internedType struct {
	ty cty.Type
	id uint64
}

// typeCache maps a shape signature (attribute names and their type ids, or
// element type ids) to its cty type. One cache serves a whole plan; values
// are decoded lazily from several goroutines, hence the lock.
type typeCache struct {
	mu      sync.Mutex
	byShape map[string]internedType
	next    uint64

	// decoders keeps jsonDecoders for reuse: their stacks would otherwise
	// grow anew for every value decoded (a third of the cost of decoding
	// objects on a generated 15k-instance plan).
	decoders sync.Pool
}

// decoder returns an empty jsonDecoder (a new one when c is nil).
func (c *typeCache) decoder() *jsonDecoder {
	if c != nil {
		if d, ok := c.decoders.Get().(*jsonDecoder); ok {
			return d
		}
	}
	return new(jsonDecoder)
}

// release empties d, dropping what it refers to, and keeps it for reuse.
func (c *typeCache) release(d *jsonDecoder) {
	if c == nil {
		return
	}
	clear(d.vals[:cap(d.vals)])
	clear(d.keys[:cap(d.keys)])
	*d = jsonDecoder{keys: d.keys[:0], vals: d.vals[:0], ids: d.ids[:0], sig: d.sig[:0]}
	c.decoders.Put(d)
}

func newTypeCache() *typeCache {
	return &typeCache{byShape: make(map[string]internedType), next: firstInternedType}
}

// lookup returns the type for signature, building it with build on a miss.
func (c *typeCache) lookup(signature []byte, build func() cty.Type) internedType {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t, ok := c.byShape[string(signature)]; ok {
		return t
	}
	t := internedType{ty: build(), id: c.next}
	c.next++
	c.byShape[string(signature)] = t
	return t
}
