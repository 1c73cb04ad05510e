package dto

import (
	"reflect"
	"strings"
)

// node is what the binder knows of one struct type of a form, beyond what the
// validator does by itself: the checks that give required and omitempty
// Django's reading at every depth, the lists of structs whose items it
// validates, and the JSON keys of the struct, which say what a body sent. A
// form's nodes are built once, with its plan; a recursive type's node points
// back to itself.
type node struct {
	typ    reflect.Type
	embeds bool      // a field promotes an embedded struct's fields: see errorKey
	checks []check   // in field order
	keys   []jsonKey // the struct's JSON keys, with encoding/json's promotion
}

// checkKind says what the walk after the validator does with a field.
type checkKind int

const (
	// blankText is a required string, which whitespace alone does not fill.
	blankText checkKind = iota
	// sentZero is an omitempty number or boolean with other rules: when it was
	// sent as 0 or false, which the validator takes as empty, they are checked.
	sentZero
	// inner is a struct, or a pointer to one, that holds checks of its own.
	inner
	// items is a list or array of structs (or pointers to structs): each item is
	// validated, unless the field's tag dives and the validator already did, and
	// walked.
	items
)

// check is one field the walk looks at.
type check struct {
	kind  checkKind
	index []int  // from the node's struct, through embedded structs
	wire  string // the error key's segment
	rest  string // sentZero: the rules other than omitempty
	child *node  // inner and items
	dives bool   // items: the validator validates each item already
}

// jsonKey is one JSON key of a struct.
type jsonKey struct {
	name   string // as encoding/json matches it
	wire   string // the error key's segment
	scalar bool   // a number or boolean, or a list of them: presence is recorded
	child  *node  // a struct, or a list of structs
	list   bool   // the value is a list: of child, or of scalars
}

// nodes builds the nodes of a form's struct types, once each.
type nodes map[reflect.Type]*node

// of returns the node of struct type t, building it and the nodes it reaches.
func (ns nodes) of(t reflect.Type) *node {
	if n := ns[t]; n != nil {
		return n
	}
	n := &node{typ: t, embeds: hasEmbedded(t, map[reflect.Type]bool{})}
	ns[t] = n
	for _, m := range members(t) {
		sf := m.sf
		ft := sf.Type
		rules := ownRules(sf)
		if m.json != "" {
			n.keys = append(n.keys, ns.jsonKey(m))
		}
		switch {
		case sf.Tag.Get("validate") == "-":
		case ft.Kind() == reflect.String && contains(rules, "required"):
			n.checks = append(n.checks, check{kind: blankText, index: m.index, wire: m.wire})
		case isScalar(ft):
			if rest, ok := sentZeroRules(rules); ok {
				n.checks = append(n.checks, check{kind: sentZero, index: m.index, wire: m.wire, rest: rest})
			}
		default:
			if st := structOf(ft); st != nil {
				n.checks = append(n.checks, check{kind: inner, index: m.index, wire: m.wire, child: ns.of(st)})
			} else if st := itemStruct(ft); st != nil {
				n.checks = append(n.checks, check{kind: items, index: m.index, wire: m.wire, child: ns.of(st),
					dives: strings.Contains(sf.Tag.Get("validate"), "dive")})
			}
		}
	}
	return n
}

func (ns nodes) jsonKey(m member) jsonKey {
	k := jsonKey{name: m.json, wire: m.wire, scalar: isScalar(m.sf.Type)}
	if st := structOf(m.sf.Type); st != nil {
		k.child = ns.of(st)
	} else if et := listElem(m.sf.Type); et != nil {
		k.list = true
		k.scalar = isScalar(et)
		if st := structOf(et); st != nil {
			k.child = ns.of(st)
		}
	}
	return k
}

// sentZeroRules returns the rules of an omitempty number other than
// omitempty, when it has some and is not required: those are checked when the
// number was sent as 0.
func sentZeroRules(rules []string) (string, bool) {
	if !contains(rules, "omitempty") && !contains(rules, "omitzero") {
		return "", false
	}
	rest := withoutPresenceRules(rules)
	return rest, rest != "" && !contains(rules, "required")
}

// withoutPresenceRules joins rules, leaving out required, omitempty and
// omitzero: what a number sent as 0 is still checked against.
func withoutPresenceRules(rules []string) string {
	var rest []string
	for _, r := range rules {
		switch r {
		case "required", "omitempty", "omitzero":
		default:
			rest = append(rest, r)
		}
	}
	return strings.Join(rest, ",")
}

func contains(rules []string, rule string) bool {
	for _, r := range rules {
		if r == rule {
			return true
		}
	}
	return false
}

// structOf returns t's struct type when t is a struct (not a time) or a pointer
// to one, else nil.
func structOf(t reflect.Type) reflect.Type {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t == timeType || reflect.PointerTo(t).Implements(textUnmarshalerType) {
		return nil
	}
	return t
}

// listElem returns the element type of a list or array, not of bytes, else nil.
func listElem(t reflect.Type) reflect.Type {
	if (t.Kind() != reflect.Slice && t.Kind() != reflect.Array) || t.Elem().Kind() == reflect.Uint8 {
		return nil
	}
	return t.Elem()
}

// itemStruct returns the struct type of a list of structs, or of pointers to
// structs, else nil.
func itemStruct(t reflect.Type) reflect.Type {
	if et := listElem(t); et != nil {
		return structOf(et)
	}
	return nil
}
