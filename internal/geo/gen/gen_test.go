package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// fixture is a small sample of each input, in the real formats.
func fixture() *Inputs {
	return &Inputs{
		Cities: []byte("740483\tRize\tRize\tBechirias,Provinsi Rize,QRI,Rize,Rizeh,Ризе,リゼ\t41.02083\t40.52194\tP\tPPLA\tTR\t\t53\t\t\t\t92772\t\t21\tEurope/Istanbul\t2019-09-05\n" +
			"323786\tAnkara\tAnkara\tAngora,Ankara,Ankyra,Анкара\t39.91987\t32.85427\tP\tPPLC\tTR\t\t68\t\t\t\t3517182\t\t850\tEurope/Istanbul\t2019-09-05\n" +
			"4717560\tParis\tParis\tParis,Paris Texas\t33.66094\t-95.55551\tP\tPPLA2\tUS\t\tTX\t277\t\t\t24782\t\t182\tAmerica/Chicago\t2017-03-09\n" +
			"2988507\tParis\tParis\tLutetia,Paname,Parigi,Paris,Parizh,パリ\t48.85341\t2.3488\tP\tPPLC\tFR\t\t11\t75\t751\t75056\t2138551\t\t42\tEurope/Paris\t2023-01-01\n"),
		Admin1:    []byte(`[{"code":"TR.53","name":"Rize"},{"code":"TR.68","name":"Ankara"},{"code":"US.TX","name":"Texas"},{"code":"FR.11","name":"Île-de-France"}]`),
		Admin2:    []byte(`[{"code":"US.TX.277","name":"Lamar County"},{"code":"FR.11.75","name":"Paris"}]`),
		Countries: []byte("# test\nTR\tTUR\tTurkey\t38.96\t35.24\nUS\tUSA\tUnited States\t37.09\t-95.71\nFR\tFRA\tFrance\t46.23\t2.21\nRO\tROU\tRomania\t45.94\t24.97\n"),
		Regions:   []byte("# test\nblack-sea\tBlack Sea\tthe Black Sea\tsea\t\t43.0\t34.0\t5000000\n"),
		Actors:    []byte("# test\nTUR\tTurkey\tTürkiye; Turkiye\tTurkish\tAnkara\t\nROM\tRomania\t\tRomanian\tBucharest\t\nWSB\tWest Bank\t\t\t\t\n"),
	}
}

func decode(t *testing.T, b []byte) string {
	t.Helper()
	dec, err := zstd.NewReader(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer dec.Close()
	out, err := dec.DecodeAll(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestBuildDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if _, err := Build(fixture(), &a); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(fixture(), &b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two builds from the same inputs differ")
	}
	text := decode(t, a.Bytes())
	for _, want := range []string{
		"country:TUR\tTurkey\t38.96\t35.24\tTUR\t\tcountry\tPCLI\t3609954\n",
		"country:ROU\tRomania\t", // from the legacy CAMEO code ROM
		"dyad:black-sea\tBlack Sea\t43\t34\t\t\tsea\tSEA\t5000000\n",
		"adm1:US.TX\tTexas\t33.6609\t-95.5555\tUSA\tTexas\tadm1\tADM1\t24782\n",
		"geonames:740483\tRize\t41.0208\t40.5219\tTUR\tRize\tcity\tPPLA\t92772\n",
		"\nturkiye\t0\n", // a variant from the actor dictionary, primary
		"\nparigi\ta",    // an alternate name
		"\nparis\t",      // both Parises and the adm2
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	for _, bad := range []string{"qri", "ризе", "West Bank"} {
		if strings.Contains(text, bad) {
			t.Errorf("output has %q:\n%s", bad, text)
		}
	}
	// Entries come in a fixed order whatever the input order.
	in := fixture()
	lines := strings.SplitAfter(string(in.Cities), "\n")
	in.Cities = []byte(lines[3] + lines[2] + lines[1] + lines[0])
	var c bytes.Buffer
	if _, err := Build(in, &c); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Error("output depends on the order of the cities")
	}
}

// TestEmbeddedUpToDate rebuilds the embedded gazetteer from the npm
// tarballs in $DYAD_GEO_SRC and compares it byte for byte.
func TestEmbeddedUpToDate(t *testing.T) {
	src := os.Getenv("DYAD_GEO_SRC")
	if src == "" {
		t.Skip("set DYAD_GEO_SRC to a directory holding " + citiesTarball + " and " + adminTarball)
	}
	var in Inputs
	files, err := readTar(filepath.Join(src, citiesTarball), citiesFile)
	if err != nil {
		t.Fatal(err)
	}
	in.Cities = files[citiesFile]
	if files, err = readTar(filepath.Join(src, adminTarball), admin1File, admin2File); err != nil {
		t.Fatal(err)
	}
	in.Admin1, in.Admin2 = files[admin1File], files[admin2File]
	for path, dst := range map[string]*[]byte{"../data/countries.tsv": &in.Countries, "../data/regions.tsv": &in.Regions,
		"../../entity/data/countries.tsv": &in.Actors} {
		if *dst, err = os.ReadFile(path); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if _, err := Build(&in, &out); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../data/gazetteer.tsv.zst")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), want) {
		t.Errorf("rebuilt gazetteer (%d bytes) differs from data/gazetteer.tsv.zst (%d bytes): run go generate", out.Len(), len(want))
	}
}
