package layout

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Normalize maps the look-alike code points that some producers emit for
// Chinese characters to the unified ideographs everyone else uses, so that
// labels, office names and the index see one spelling: Kangxi radicals
// (U+2F00–U+2FD5, from fonts whose cmap points 人 at ⼈), CJK radicals
// supplement forms (U+2E80–U+2EFF, such as ⺠ for 民) and CJK compatibility
// ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F). Full-width digits and
// letters stay as printed: the readers read them, and raw text keeps them.
func Normalize(s string) string {
	i := strings.IndexFunc(s, lookalike)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		b.WriteString(unified(r))
	}
	return b.String()
}

func lookalike(r rune) bool {
	return (r >= 0x2E80 && r <= 0x2FDF) || (r >= 0xF900 && r <= 0xFAFF) || (r >= 0x2F800 && r <= 0x2FA1F)
}

// unified returns the unified ideograph that r stands for, or r itself.
func unified(r rune) string {
	switch {
	case r >= 0x2F00 && r <= 0x2FD5, r >= 0xF900 && r <= 0xFAFF, r >= 0x2F800 && r <= 0x2FA1F:
		// Kangxi radicals decompose by compatibility, compatibility
		// ideographs canonically: NFKC covers both.
		return norm.NFKC.String(string(r))
	case r >= 0x2E80 && r <= 0x2EFF:
		if u, ok := radicalSupplement[r]; ok {
			return string(u)
		}
	}
	return string(r)
}

// radicalSupplement maps the CJK radicals supplement forms that stand for a
// whole character (Unicode's EquivalentUnifiedIdeograph.txt) to it; Unicode
// gives most of them no decomposition, so NFKC leaves them alone.
var radicalSupplement = map[rune]rune{
	'⺁': '厂', '⺃': '乚', '⺅': '亻', '⺆': '冂', '⺇': '𠘨', '⺈': '𠂊', '⺋': '㔾',
	'⺎': '兀', '⺏': '尣', '⺐': '尢', '⺑': '𡯂', '⺒': '巳', '⺓': '幺', '⺔': '彑',
	'⺖': '忄', '⺗': '㣺', '⺘': '扌', '⺙': '攵', '⺛': '旡', '⺝': '月', '⺞': '歺',
	'⺟': '母', '⺠': '民', '⺡': '氵', '⺢': '氺', '⺣': '灬', '⺤': '爫', '⺥': '爫', '⺦': '丬',
	'⺨': '犭', '⺩': '王', '⺪': '疋', '⺫': '罒', '⺬': '示', '⺭': '礻', '⺮': '竹', '⺯': '糸',
	'⺰': '纟', '⺱': '罓', '⺲': '罒', '⺳': '㓁', '⺶': '𦍌', '⺷': '羊', '⺸': '𦍌', '⺹': '耂',
	'⺺': '肀', '⺻': '聿', '⺼': '月', '⺽': '臼', '⺾': '艹', '⺿': '艹', '⻀': '艹', '⻁': '虎',
	'⻂': '衤', '⻃': '覀', '⻄': '西', '⻅': '见', '⻆': '角', '⻇': '𧢲', '⻈': '讠', '⻉': '贝',
	'⻊': '𧾷', '⻋': '车', '⻌': '辶', '⻍': '辶', '⻎': '辶', '⻏': '阝', '⻐': '钅', '⻑': '長',
	'⻒': '镸', '⻓': '长', '⻔': '门', '⻕': '𨸏', '⻖': '阝', '⻗': '雨', '⻘': '青', '⻙': '韦',
	'⻚': '页', '⻛': '风', '⻜': '飞', '⻝': '食', '⻞': '𩙿', '⻟': '飠', '⻠': '饣', '⻡': '𩠐',
	'⻢': '马', '⻣': '骨', '⻤': '鬼', '⻥': '鱼', '⻦': '鸟', '⻧': '卤', '⻨': '麦', '⻩': '黄',
	'⻪': '黾', '⻫': '斉', '⻬': '齐', '⻭': '歯', '⻮': '齿', '⻯': '竜', '⻰': '龙', '⻱': '龜',
	'⻲': '亀', '⻳': '龟',
}
