package gongkai

import "testing"

func num(v float64) *float64 { return &v }

func TestRunChecksIdentities(t *testing.T) {
	r := &Report{}
	set := func(key string, v *float64) { r.Facts = append(r.Facts, Fact{Key: key, Value: v}) }
	// Column natural_person balances (3+1 = 2+2); column commercial does not (5+0 ≠ 1+0).
	for _, c := range []struct {
		row  string
		np   *float64
		com  *float64
		rest *float64
	}{
		{"new_received", num(3), num(5), nil},
		{"carried_over", num(1), num(0), nil},
		{"granted", num(2), num(1), nil},
		{"total", num(2), num(1), nil},
		{"carried_forward", num(2), num(0), nil},
	} {
		set(Key(TableApplications, c.row, "natural_person"), c.np)
		set(Key(TableApplications, c.row, "commercial"), c.com)
		for _, col := range ApplicationColumns[2:6] {
			set(Key(TableApplications, c.row, col), c.rest)
		}
		set(Key(TableApplications, c.row, "total"), nil) // every row total blank
	}
	set(Key(TableReviewLitigation, "review", "upheld"), num(10))
	set(Key(TableReviewLitigation, "review", "corrected"), num(1))
	set(Key(TableReviewLitigation, "review", "other"), num(0))
	set(Key(TableReviewLitigation, "review", "pending"), nil)
	set(Key(TableReviewLitigation, "review", "total"), num(0))

	got := map[string]Check{}
	for _, c := range RunChecks(r) {
		got[c.ID] = c
	}
	tests := []struct {
		id, status string
		want, got  float64
	}{
		{"applications.natural_person.balance", Pass, 4, 4},
		{"applications.commercial.balance", Fail, 5, 1},
		{"applications.research.balance", Skipped, 0, 0},
		{"applications.natural_person.results", Pass, 2, 2},
		{"applications.total.results", Skipped, 0, 0},
		{"applications.granted.sum", Skipped, 0, 0},
		{"review_litigation.review.sum", Fail, 11, 0},
	}
	for _, tt := range tests {
		c, ok := got[tt.id]
		if !ok {
			t.Errorf("%s: missing", tt.id)
			continue
		}
		if c.Status != tt.status {
			t.Errorf("%s: status %s, want %s (%s)", tt.id, c.Status, tt.status, c.Reason)
		}
		if tt.status != Skipped && (*c.Want != tt.want || *c.Got != tt.got) {
			t.Errorf("%s: want/got %v/%v, want %v/%v", tt.id, *c.Want, *c.Got, tt.want, tt.got)
		}
	}
	if _, ok := got["review_litigation.litigation_direct.sum"]; ok {
		t.Error("a check for rows the report does not print")
	}
	if v := r.Fact(Key(TableReviewLitigation, "review", "total")).Value; *v != 0 {
		t.Errorf("a failed check changed the printed total to %v", *v)
	}
}

func TestNarrativeChecks(t *testing.T) {
	r := &Report{
		Facts: []Fact{{Key: Key(TableApplications, "new_received", "total"), Value: num(21)}},
		Figures: []Figure{
			{Name: FigureApplicationsReceived, Value: 21},
			{Name: FigureNoApplications, Value: 0},
			{Name: FigureActiveDisclosed, Value: 47},
			{Name: FigureReviewCases, Value: 2},
		},
	}
	want := []string{Pass, Fail, Skipped, Skipped}
	checks := RunChecks(r)
	var narrative []Check
	for _, c := range checks {
		if len(c.ID) > 10 && c.ID[:10] == "narrative." {
			narrative = append(narrative, c)
		}
	}
	if len(narrative) != len(want) {
		t.Fatalf("got %d narrative checks, want %d", len(narrative), len(want))
	}
	for i, c := range narrative {
		if c.Status != want[i] {
			t.Errorf("%s: %s, want %s", c.ID, c.Status, want[i])
		}
	}
}
