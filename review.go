package gongkai

import (
	"fmt"
	"strings"
	"time"
)

// Review statuses: what a person decided about a finding.
const (
	ReviewConfirmed = "confirmed" // 确认: the finding stands
	ReviewDismissed = "dismissed" // 排除: not a real problem (a misread table, an explained difference)
	ReviewFixed     = "fixed"     // 已整改: the body corrected it
)

// ReviewStatuses are the statuses in the order the UI offers them.
var ReviewStatuses = []string{ReviewConfirmed, ReviewDismissed, ReviewFixed}

// ReviewStatusLabels are the statuses as people read them.
var ReviewStatusLabels = map[string]string{
	ReviewConfirmed: "确认",
	ReviewDismissed: "排除",
	ReviewFixed:     "已整改",
}

// Review is a person's verdict on a finding. It is keyed by Finding.Key, so
// it stays with what the finding is about when the report is re-read or
// the index rebuilt.
type Review struct {
	Key    string    `json:"key"`
	Status string    `json:"status"`
	Note   string    `json:"note,omitempty"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
}

// Open reports whether a finding with this review (nil: none yet) still
// asks for attention: not reviewed, or confirmed and not yet fixed.
func (r *Review) Open() bool {
	return r == nil || r.Status == ReviewConfirmed
}

// ReviewStatus reads a status as a person may type it: the English key or
// the Chinese label.
func ReviewStatus(s string) (string, error) {
	s = strings.TrimSpace(s)
	for _, k := range ReviewStatuses {
		if s == k || s == ReviewStatusLabels[k] {
			return k, nil
		}
	}
	return "", fmt.Errorf("审核结论 %q 无效：应为 确认（confirmed）、排除（dismissed）或 已整改（fixed）", s)
}

// Limits on a review's text, so one request cannot store a book.
const (
	MaxReviewNote = 2000 // bytes
	MaxReviewBy   = 100
)

// Validate checks a review before it is stored.
func (r *Review) Validate() error {
	switch {
	case r.Key == "":
		return fmt.Errorf("缺少核查发现的标识 key")
	case ReviewStatusLabels[r.Status] == "":
		_, err := ReviewStatus(r.Status)
		return err
	case strings.TrimSpace(r.By) == "":
		return fmt.Errorf("缺少审核人 by")
	case len(r.Note) > MaxReviewNote:
		return fmt.Errorf("说明过长：%d 字节，最多 %d 字节", len(r.Note), MaxReviewNote)
	case len(r.By) > MaxReviewBy:
		return fmt.Errorf("审核人过长：%d 字节，最多 %d 字节", len(r.By), MaxReviewBy)
	}
	return nil
}
