package plan

import (
	"encoding/json"
	"sort"
	"strings"
	"sync"
)

// planIndex holds the lookup tables built once by the loader, plus lazily
// built tables (identity values, reverse references) guarded for concurrent
// first use.
type planIndex struct {
	byAddress map[string]*Resource
	byType    map[string][]*Resource
	// byModule maps a module instance address to its resources by local
	// configuration address (aws_s3_bucket.b, data.x.y).
	byModule map[string]map[string][]*Resource
	// childModules maps parent instance address + "\x00" + call name to the
	// child module instance addresses that hold resources, sorted.
	childModules map[string][]childModule

	identityOnce sync.Once
	identity     map[string][]identityHit

	reverseMu sync.Mutex
	reverse   map[reverseKey]*reverseEntry
}

type childModule struct {
	address string
	key     InstanceKey
}

// identityHit is one resource whose id/arn/bucket/name equals a value.
type identityHit struct {
	resource  *Resource
	attribute string
}

func newPlanIndex(p *Plan) *planIndex {
	ix := &planIndex{
		byAddress:    make(map[string]*Resource, len(p.Resources)),
		byType:       make(map[string][]*Resource),
		byModule:     make(map[string]map[string][]*Resource),
		childModules: make(map[string][]childModule),
		reverse:      make(map[reverseKey]*reverseEntry),
	}
	seenModule := make(map[string]bool)
	for _, r := range p.Resources {
		if r.Deposed == "" {
			ix.byAddress[r.Address] = r
		}
		ix.byType[r.Type] = append(ix.byType[r.Type], r)
		local := configAddress("", r.Mode, r.Type, r.Name)
		mod := ix.byModule[r.ModuleAddress]
		if mod == nil {
			mod = make(map[string][]*Resource)
			ix.byModule[r.ModuleAddress] = mod
		}
		if r.Deposed == "" {
			mod[local] = append(mod[local], r)
		}
		if r.ModuleAddress != "" && !seenModule[r.ModuleAddress] {
			seenModule[r.ModuleAddress] = true
			segs, err := parseModuleAddress(r.ModuleAddress)
			if err != nil {
				continue
			}
			for i := range segs {
				addr := formatModuleAddress(segs[:i+1])
				if seenModule["\x01"+addr] {
					continue
				}
				seenModule["\x01"+addr] = true
				k := formatModuleAddress(segs[:i]) + "\x00" + segs[i].name
				ix.childModules[k] = append(ix.childModules[k], childModule{address: addr, key: segs[i].key})
			}
		}
	}
	for _, list := range ix.childModules {
		sort.Slice(list, func(i, j int) bool { return list[i].address < list[j].address })
	}
	return ix
}

// Lookup finds an instance by its full address (nil when absent). For an
// address with deposed objects it returns the current object.
func (p *Plan) Lookup(address string) *Resource {
	if p == nil || p.index == nil {
		return nil
	}
	return p.index.byAddress[address]
}

// OfType lists every instance of a type, in address order, deleted and
// deposed ones included.
func (p *Plan) OfType(typ string) []*Resource {
	if p == nil || p.index == nil {
		return nil
	}
	return p.index.byType[typ]
}

// Types lists the resource types present in the plan, sorted.
func (p *Plan) Types() []string {
	if p == nil || p.index == nil {
		return nil
	}
	out := make([]string, 0, len(p.index.byType))
	for t := range p.index.byType {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// identityAttributes are the attributes through which AWS resources are
// referred to by value (bucket names, ARNs, IDs, names).
var identityAttributes = [...]string{"id", "arn", "bucket", "name"}

type identityFields struct {
	ID     rawValue `json:"id"`
	Arn    rawValue `json:"arn"`
	Bucket rawValue `json:"bucket"`
	Name   rawValue `json:"name"`
}

// identityIndex maps every known id/arn/bucket/name string to the instances
// that carry it. Built on first use from the raw JSON (only the four
// top-level fields are decoded), so it does not force full cty decoding.
func (p *Plan) identityIndex() map[string][]identityHit {
	ix := p.index
	ix.identityOnce.Do(func() {
		ix.identity = make(map[string][]identityHit)
		for _, r := range p.Resources {
			if r.values == nil || r.Deposed != "" {
				continue
			}
			raw := r.values.after
			if r.Deleted() || len(raw) == 0 || string(raw) == "null" {
				raw = r.values.before
			}
			if len(raw) == 0 || raw[0] != '{' {
				continue
			}
			var f identityFields
			if err := json.Unmarshal(raw, &f); err != nil {
				continue
			}
			for i, field := range [...][]byte{f.ID, f.Arn, f.Bucket, f.Name} {
				s, ok := rawString(field)
				if !ok || s == "" {
					continue
				}
				ix.identity[s] = append(ix.identity[s], identityHit{resource: r, attribute: identityAttributes[i]})
			}
		}
	})
	return ix.identity
}

func rawString(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' {
		return "", false
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false
	}
	return strings.TrimSpace(s), true
}
