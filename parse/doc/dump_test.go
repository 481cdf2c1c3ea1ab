package doc

import (
	"fmt"
	"os"
	"testing"
)

func TestDump(t *testing.T) {
	data, err := os.ReadFile(os.Getenv("DUMP"))
	if err != nil {
		t.Skip()
	}
	d, err := Read(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range d.Blocks {
		if b.Table == nil {
			fmt.Println(b.Text)
			continue
		}
		for _, r := range b.Table.Rows {
			for _, c := range r {
				fmt.Printf("[%d,%d %v %s] ", *c.At.Row, *c.At.Col, c.Carried, c.Text)
			}
			fmt.Println()
		}
	}
}

func TestDumpProps(t *testing.T) {
	data, err := os.ReadFile(os.Getenv("DUMP"))
	if err != nil {
		t.Skip()
	}
	streams, _ := readStreams(data)
	wd := streams["WordDocument"]
	f, _ := readFIB(wd)
	table := streams["0Table"]
	if f.table1 {
		table = streams["1Table"]
	}
	pieces, _ := readPieces(table, f)
	fmt.Println(pieces)
	papx := readPAPX(wd, table, streams["Data"], f)
	chars, _ := mainText(wd, pieces, f.ccpText)
	line := ""
	for _, c := range chars {
		if c.r == 13 || c.r == 7 {
			p := papx.props(c.fc)
			fmt.Printf("%q %d %+v\n", line, c.r, p)
			line = ""
			continue
		}
		line += string(c.r)
	}
}
