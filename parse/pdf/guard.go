package pdf

import (
	"errors"
	"fmt"

	lpdf "github.com/ledongthuc/pdf"
)

// The object layer's own budgets (objects, cross-reference entries, decoded
// bytes per stream, nesting) live in the patched copy of the library under
// third_party/ledongthuc-pdf (see FORK.md there): a hostile file hangs or
// exhausts memory inside the library's parser, where no caller can step in.
// This file holds the budgets of this package's walk over that layer.

// maxTreeDepth bounds the nesting of a page tree; real trees are a few
// levels deep.
const maxTreeDepth = 32

// maxTreeNodes bounds the nodes of a page tree visited, pages included. A
// tree whose node lists itself twice in /Kids doubles at every level, which
// a depth bound alone lets run 2^32 times.
const maxTreeNodes = 2*maxPages + 64

// errPageTree is the error of a page tree that contains itself.
var errPageTree = errors.New("pdf: page tree contains itself or is too large")

// pageTree lists the page objects of a page tree in order, at most
// maxPages of them. It walks the tree itself because the library's Page
// loops forever on a tree that contains itself.
func pageTree(root lpdf.Value) ([]lpdf.Value, error) {
	var out []lpdf.Value
	visits := 0
	var walk func(node lpdf.Value, depth int) error
	walk = func(node lpdf.Value, depth int) error {
		if visits++; visits > maxTreeNodes {
			return fmt.Errorf("%w: more than %d nodes", errPageTree, maxTreeNodes)
		}
		if depth > maxTreeDepth {
			return fmt.Errorf("%w: nested more than %d levels", errPageTree, maxTreeDepth)
		}
		switch node.Key("Type").Name() {
		case "Page":
			out = append(out, node)
		case "Pages":
			kids := node.Key("Kids")
			for i := 0; i < kids.Len() && len(out) < maxPages; i++ {
				if err := walk(kids.Index(i), depth+1); err != nil {
					return err
				}
			}
		}
		return nil
	}
	err := walk(root, 0)
	return out, err
}

// recovered turns a panic out of the library into the document's error.
func recovered(p any) error {
	if p == lpdf.ErrDeadline {
		return fmt.Errorf("pdf: %w (%s) while reading the file's structure", errTimeLimit, TimeLimit)
	}
	return fmt.Errorf("pdf: malformed file: %v", p)
}
