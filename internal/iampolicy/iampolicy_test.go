package iampolicy

import (
	"encoding/json"
	"testing"
)

func TestEquivalent(t *testing.T) {
	t.Parallel()
	const ours = `{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:role/a"]},"Action":["kms:Decrypt","kms:Encrypt"],"Resource":["*"]}]}`
	tests := []struct {
		name   string
		theirs string
		want   bool
	}{
		{"identical", ours, true},
		{"AWS's single-value form and reordered actions", `{"Statement":[{"Resource":"*","Action":["kms:Encrypt","kms:Decrypt"],"Principal":{"AWS":"arn:aws:iam::111122223333:role/a"},"Effect":"Allow","Sid":"A"}],"Version":"2012-10-17"}`, true},
		{"extra action", `{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/a"},"Action":["kms:Decrypt","kms:Encrypt","kms:CreateGrant"],"Resource":"*"}]}`, false},
		{"other principal", `{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":["kms:Decrypt","kms:Encrypt"],"Resource":"*"}]}`, false},
		{"empty", "", false},
		{"not json", "{", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Equivalent(ours, tt.theirs); got != tt.want {
				t.Errorf("Equivalent = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestStringListJSON(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{`"a"`: `"a"`, `["a"]`: `"a"`, `["a","b"]`: `["a","b"]`} {
		var l StringList
		if err := json.Unmarshal([]byte(in), &l); err != nil {
			t.Fatalf("Unmarshal(%s): %v", in, err)
		}
		out, err := json.Marshal(l)
		if err != nil || string(out) != want {
			t.Errorf("round trip %s = %s (err %v), want %s", in, out, err, want)
		}
	}
	var l StringList
	if err := json.Unmarshal([]byte(`{"a":1}`), &l); err == nil {
		t.Error("Unmarshal accepted an object")
	}
}

func TestSortedDeduplicates(t *testing.T) {
	t.Parallel()
	got := Sorted([]string{"b", "a", "b"})
	if len(got) != 2 || got[0] != "a" || got[1] != "b" {
		t.Errorf("Sorted = %v, want [a b]", got)
	}
}
