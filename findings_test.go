package gongkai

import "testing"

func TestFindingKey(t *testing.T) {
	base := Finding{Kind: FindingCheck, Office: "洪泽区人民政府", Year: 2023, ID: "a", Check: "1"}
	reread := base
	reread.ID, reread.Got, reread.Detail = "b", ptr(7), "another reading"
	if base.Key() != reread.Key() {
		t.Errorf("the same failed check read again has key %q, was %q", reread.Key(), base.Key())
	}
	for _, other := range []Finding{
		{Kind: FindingCheck, Office: "洪泽区人民政府", Year: 2023, Check: "2"},
		{Kind: FindingCheck, Office: "洪泽区人民政府", Year: 2022, Check: "1"},
		{Kind: FindingCrossYear, Office: "洪泽区人民政府", Year: 2023, Check: "1"},
		{Kind: FindingCheck, Office: "淮安市人民政府", Year: 2023, Check: "1"},
	} {
		if other.Key() == base.Key() {
			t.Errorf("%+v shares the key %q", other, base.Key())
		}
	}
}
