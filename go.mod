module github.com/gongkai/gongkai

go 1.26.8

require (
	github.com/PuerkitoBio/goquery v1.13.0
	github.com/ledongthuc/pdf v0.0.0-20260907135840-6c8c28e0e8a0
	golang.org/x/net v0.62.0
	golang.org/x/text v0.44.0
)

require github.com/andybalholm/cascadia v1.3.4 // indirect
