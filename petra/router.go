package petra

import (
	"strings"

	"github.com/go-chi/chi/v5"
)

// router finds the route of a path as chi's tree would, faster and without
// allocating, for the patterns of nearly every app: those whose parameters
// are whole segments ("/users/{id}/avatar/") and whose catch-all, if any, is
// a whole last segment ("/media/*"). It is a tree of segments: each node has
// its literal segments, at most one parameter and at most one catch-all.
//
// It answers what chi's tree answers for the same patterns, registered in
// the same order, and the same path:
//
//   - Path and patterns are cut into segments at each '/' (bytes: a
//     percent-escape is not a '/'); a path that does not start with '/'
//     matches nothing.
//   - At each segment, a literal segment equal to the path's is tried first,
//     then the parameter, then the catch-all. When a branch dead-ends
//     further down, the search backtracks and tries the next kind.
//   - A parameter takes one segment, an empty one too ("/users//avatar/"),
//     except an empty last segment: "/users/{id}" does not match "/users/".
//   - A catch-all takes the rest of the path after its '/', slashes
//     included, empty too: "/media/*" matches "/media/" but not "/media".
//   - Parameters are recorded in path order, under the names of the pattern
//     that matched, "*" for the catch-all; patterns that differ only in
//     their parameters' names are one route, the one registered last.
//   - The method plays no part: petra's paths answer every method.
//
// A pattern outside those (a regexp parameter "{id:[0-9]+}", a parameter
// that is part of a segment "{a}-{b}" or "file.{ext}", a catch-all that is
// part of one "files*") is not taken, and [newRouter] returns nil: the app
// then searches chi's tree, as before. That is the trade-off: such an app
// pays chi's search on every request with parameters, about three times the
// router's, in exchange for a router that stays small and that matches
// exactly what chi matches, where patterns within a segment would need
// chi's byte-wise search and regexps over again.
type router struct {
	root segmentNode
}

// segmentNode is a node of the router's tree: what may follow one segment.
type segmentNode struct {
	literals []literalEdge // in the order added; a node has few
	param    *segmentNode  // the node after a {param} segment
	catchAll *routeEnd     // a trailing "*"
	end      *routeEnd     // the route that ends after this node's segment
}

// literalEdge leads from a node to the node of one literal segment, or of a
// chain of them that nothing branches from ("api/v1/user").
type literalEdge struct {
	segment string
	node    *segmentNode
}

// routeEnd is a route as the router records it when a path matches it.
type routeEnd struct {
	pattern string   // as registered, recorded in RoutePatterns
	keys    []string // the parameters' names, in path order
	handler *pathHandler
}

// routerEntry is one pattern and its handler, as the app registers them.
type routerEntry struct {
	pattern string
	handler *pathHandler
}

// newRouter returns the router of entries, registered in order, or nil when
// a pattern is not one a router takes (see [router]).
func newRouter(entries []routerEntry) *router {
	rt := &router{}
	for _, e := range entries {
		if !rt.add(e.pattern, e.handler) {
			return nil
		}
	}
	rt.root.compact()
	return rt
}

// add files h under pattern, replacing a route of the same shape, and
// reports whether pattern is one a router takes.
func (rt *router) add(pattern string, h *pathHandler) bool {
	if !strings.HasPrefix(pattern, "/") || strings.ContainsAny(pattern, " \t") { // chi reads "GET /x" as a method and a path
		return false
	}
	n := &rt.root
	var keys []string
	segments := strings.Split(pattern[1:], "/")
	for i, seg := range segments {
		switch {
		case seg == "*" && i == len(segments)-1:
			n.catchAll = &routeEnd{pattern: pattern, keys: append(keys, "*"), handler: h}
			return true
		case isParamSegment(seg):
			keys = append(keys, seg[1:len(seg)-1])
			if n.param == nil {
				n.param = &segmentNode{}
			}
			n = n.param
		case strings.ContainsAny(seg, "{}*"):
			return false
		default:
			n = n.literal(seg)
		}
	}
	n.end = &routeEnd{pattern: pattern, keys: keys, handler: h}
	return true
}

// isParamSegment reports whether seg is a whole-segment parameter without a
// regexp, "{id}".
func isParamSegment(seg string) bool {
	return len(seg) >= 2 && seg[0] == '{' && seg[len(seg)-1] == '}' && !strings.ContainsAny(seg[1:len(seg)-1], "{}:*")
}

// literal returns the child of n for the literal segment seg, adding it if
// need be.
func (n *segmentNode) literal(seg string) *segmentNode {
	for _, e := range n.literals {
		if e.segment == seg {
			return e.node
		}
	}
	child := &segmentNode{}
	n.literals = append(n.literals, literalEdge{segment: seg, node: child})
	return child
}

// compact joins each chain of literal segments that nothing branches from or
// ends in into one edge ("api/v1/user"), compared at once.
func (n *segmentNode) compact() {
	for i := range n.literals {
		e := &n.literals[i]
		for c := e.node; len(c.literals) == 1 && c.param == nil && c.catchAll == nil && c.end == nil; c = e.node {
			e.segment += "/" + c.literals[0].segment
			e.node = c.literals[0].node
		}
		e.node.compact()
	}
	if n.param != nil {
		n.param.compact()
	}
}

// find returns the handler of path, appending the pattern it matched to
// rctx.RoutePatterns and its parameters to rctx.URLParams, as chi's tree
// does; nil, rctx unchanged, when no route matches.
func (rt *router) find(rctx *chi.Context, path string) *pathHandler {
	if path == "" || path[0] != '/' {
		return nil
	}
	values := rctx.URLParams.Values
	end := rt.root.match(path, &rctx.URLParams)
	if end == nil {
		rctx.URLParams.Values = values // as it was, nil included
		return nil
	}
	rctx.URLParams.Keys = append(rctx.URLParams.Keys, end.keys...)
	rctx.RoutePatterns = append(rctx.RoutePatterns, end.pattern)
	return end.handler
}

// paramValue returns the value of the last parameter named key, or "", as
// chi's Context.URLParam does, in a plain loop: chi's ranges over an
// iterator, several times the cost on the path of every request.
func paramValue(params *chi.RouteParams, key string) string {
	for i := len(params.Keys) - 1; i >= 0; i-- {
		if params.Keys[i] == key {
			return params.Values[i]
		}
	}
	return ""
}

// match returns the route that search, what is left of the path after n's
// segment ("" or "/" and the rest), ends at, appending the parameters' values
// to params.Values; nil, params.Values as it was, when none does.
func (n *segmentNode) match(search string, params *chi.RouteParams) *routeEnd {
	if search == "" {
		return n.end
	}
	rest := search[1:]
	for i := range n.literals {
		if next, ok := cutLiteral(rest, n.literals[i].segment); ok {
			if end := n.literals[i].node.match(next, params); end != nil {
				return end
			}
			break // the literals of a node differ in their first segment
		}
	}
	if n.param != nil && rest != "" {
		seg, next := rest, ""
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			seg, next = rest[:i], rest[i:]
		}
		params.Values = append(params.Values, seg)
		if end := n.param.match(next, params); end != nil {
			return end
		}
		params.Values = params.Values[:len(params.Values)-1]
	}
	if n.catchAll != nil {
		params.Values = append(params.Values, rest)
		return n.catchAll
	}
	return nil
}

// cutLiteral returns what follows literal, one segment or several, at the
// start of rest, when it is followed by a '/' or nothing.
func cutLiteral(rest, literal string) (next string, ok bool) {
	if len(rest) < len(literal) || literal != "" && rest[0] != literal[0] || rest[:len(literal)] != literal {
		return "", false
	}
	next = rest[len(literal):]
	return next, next == "" || next[0] == '/'
}
