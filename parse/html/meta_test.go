package html

import "testing"

// A content platform's ArticleTitle names the article without the site
// that <title> appends; without it, <title> is kept as printed.
func TestArticleTitle(t *testing.T) {
	tests := []struct{ page, want string }{
		{`<html><head><meta name="ArticleTitle" content="平潭综合实验区2013年政府信息公开工作年度报告"/><title>平潭综合实验区2013年政府信息公开工作年度报告_政府信息公开年报_平潭综合实验区党工委管委会</title></head><body><p>正文</p></body></html>`,
			"平潭综合实验区2013年政府信息公开工作年度报告"},
		{`<html><head><META NAME="articletitle" CONTENT=" 某区2019年政府信息公开工作年度报告 "><title>首页</title></head><body><p>正文</p></body></html>`,
			"某区2019年政府信息公开工作年度报告"},
		{`<html><head><meta name="ArticleTitle" content=""><title>政府信息公开_某区</title></head><body><p>正文</p></body></html>`,
			"政府信息公开_某区"},
	}
	for _, tt := range tests {
		doc, err := Read([]byte(tt.page), "")
		if err != nil {
			t.Fatal(err)
		}
		if doc.Title != tt.want {
			t.Errorf("title %q, want %q", doc.Title, tt.want)
		}
	}
}
