package parse

import (
	"regexp"
	"strconv"
	"strings"
)

// Signing dates are often printed in Chinese numerals: 二○一四年一月十日,
// 二〇二四年十二月三十一日. The zero comes as 〇 (U+3007), ○ (U+25CB, the
// circle a Word user types), 零 or a Latin O.

var chineseYearRE = regexp.MustCompile(`([〇○◯零OＯ一二三四五六七八九]{4})(\s*年)`)

// arabicYears rewrites years printed in Chinese numerals with digits
// (二〇一三年度 → 2013年度), for titles and first lines: only years from 1990
// to 2099, so that other runs of numerals stay as printed.
func arabicYears(s string) string {
	if !strings.Contains(s, "年") {
		return s
	}
	return chineseYearRE.ReplaceAllStringFunc(s, func(m string) string {
		p := chineseYearRE.FindStringSubmatch(m)
		year := digitByDigit(p[1])
		if year < 1990 || year > 2099 {
			return m
		}
		return strconv.Itoa(year) + p[2]
	})
}

var chineseDateRE = regexp.MustCompile(`([〇○◯零OＯ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,4})\s*日`)

var chineseDigits = map[rune]int{
	'〇': 0, '○': 0, '◯': 0, '零': 0, 'O': 0, 'Ｏ': 0,
	'一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
}

// digitByDigit reads a year written digit by digit: 二○一四 is 2014.
func digitByDigit(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + chineseDigits[r]
	}
	return n
}

// arabicDates rewrites dates printed in Chinese numerals with digits
// (二○一四年一月十日 → 2014年1月10日), leaving everything else as it is.
func arabicDates(s string) string {
	if !strings.Contains(s, "年") {
		return s
	}
	return chineseDateRE.ReplaceAllStringFunc(s, func(m string) string {
		p := chineseDateRE.FindStringSubmatch(m)
		year := digitByDigit(p[1])
		month, day := chineseNumber(p[2]), chineseNumber(p[3])
		if month == 0 || month > 12 || day == 0 || day > 31 {
			return m
		}
		return strconv.Itoa(year) + "年" + strconv.Itoa(month) + "月" + strconv.Itoa(day) + "日"
	})
}

// chineseNumber reads 一 … 九十九 written with 十 (十, 十二, 二十, 三十一),
// 0 when s is not such a number.
func chineseNumber(s string) int {
	r := []rune(s)
	digit := func(c rune) int {
		if c == '十' {
			return -1
		}
		if d, ok := chineseDigits[c]; ok && d > 0 {
			return d
		}
		return -2
	}
	switch len(r) {
	case 1:
		if d := digit(r[0]); d > 0 {
			return d
		} else if d == -1 {
			return 10
		}
	case 2:
		switch a, b := digit(r[0]), digit(r[1]); {
		case a == -1 && b > 0:
			return 10 + b // 十二
		case a > 1 && b == -1:
			return a * 10 // 二十
		}
	case 3:
		if a, b, c := digit(r[0]), digit(r[1]), digit(r[2]); a > 1 && b == -1 && c > 0 {
			return a*10 + c // 三十一
		}
	}
	return 0
}
