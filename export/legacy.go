package export

import (
	"strings"

	gongkai "github.com/gongkai/gongkai"
)

// hasLegacy reports whether some report prints the pre-2019 statistics
// table, which then gets a sheet of its own.
func hasLegacy(entries []gongkai.Entry) bool {
	for i := range entries {
		for _, f := range entries[i].Report.Facts {
			if strings.HasPrefix(f.Key, gongkai.TableLegacy+".") {
				return true
			}
		}
	}
	return false
}
