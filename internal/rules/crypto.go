package rules

import (
	"github.com/commshield/terraform-provider-commshield/internal/plan"
	"github.com/zclconf/go-cty/cty"
)

// cryptoRules are the CRY-Rxx rules (guidance §3.5).
func cryptoRules() []*Rule {
	return append(cryptoSeedRules(), cryptoPackRules()...)
}

// cryptoSeedRules are the seed rules CRY-R21 and CRY-R22; the rest of the
// family is in crypto_pack.go.
func cryptoSeedRules() []*Rule {
	return []*Rule{
		{
			Metadata: Metadata{
				ID:                  "CRY-R21",
				Title:               "KMS keys rotate and cannot be deleted hastily",
				Severity:            SeverityMedium,
				Kind:                KindResource,
				Controls:            []string{"CRY-X2"},
				AWSConfigRules:      []string{"cmk-backing-key-rotation-enabled", "kms-cmk-not-scheduled-for-deletion"},
				SecurityHubControls: []string{"KMS.4", "KMS.3"},
				ResourceTypes:       []string{"aws_kms_key"},
				Rationale: "Key rotation bounds how much data one key protects; a short deletion window lets an intruder " +
					"destroy the key that protects logs and backups before anyone notices.",
				Remediation: "Set enable_key_rotation = true (rotation_period_in_days ≤ 365) and a deletion_window_in_days of at least the configured minimum.",
				RemediationHCL: `resource "aws_kms_key" "logs" {
  enable_key_rotation     = true
  rotation_period_in_days = 365
  deletion_window_in_days = 30
}`,
				Params: []Param{
					{Name: "max_rotation_period_days", Description: "longest accepted rotation_period_in_days", Default: 365},
					{Name: "min_deletion_window_days", Description: "shortest accepted deletion_window_in_days (unset means 30)", Default: 30},
				},
			},
			CheckResource: checkKMSKeyRotation,
		},
		{
			Metadata: Metadata{
				ID:       "CRY-R22",
				Title:    "Block storage and databases are encrypted at rest",
				Severity: SeverityHigh,
				Kind:     KindResource,
				Controls: []string{"CRY-X1"},
				AWSConfigRules: []string{"ec2-ebs-encryption-by-default", "encrypted-volumes", "ec2-launch-templates-ebs-volume-encrypted",
					"rds-storage-encrypted", "rds-cluster-encrypted-at-rest", "efs-encrypted-check"},
				SecurityHubControls: []string{"EC2.7", "EC2.3", "EC2.181", "RDS.3", "RDS.27", "EFS.1"},
				ResourceTypes:       atRestTypes(),
				Rationale: "Snapshots, detached volumes and backups leave the running system; encryption at rest keeps " +
					"subscriber and network data unreadable without the key.",
				Remediation: "Enable EBS encryption by default for the account (aws_ebs_encryption_by_default), or set " +
					"encrypted / storage_encrypted = true on each volume, device mapping, database and file system.",
				RemediationHCL: `resource "aws_ebs_encryption_by_default" "this" {
  enabled = true
}

resource "aws_db_instance" "main" {
  # …
  storage_encrypted = true
}`,
			},
			CheckResource: checkEncryptedAtRest,
		},
	}
}

func checkKMSKeyRotation(ev *Evaluation, key *plan.Resource) []Finding {
	v := key.Value()
	spec, st := String(At(v, "customer_master_key_spec"))
	if st == Known && spec != "SYMMETRIC_DEFAULT" {
		return []Finding{NotApplicable(key, "AWS rotates only symmetric keys; this key is %s", spec)}
	}
	var out []Finding
	rotation, st := Bool(At(v, "enable_key_rotation"))
	switch {
	case st == AfterApply:
		out = append(out, Undecidable(key, "enable_key_rotation", "enable_key_rotation is known only after apply"))
	case !rotation:
		out = append(out, Fail(key, "enable_key_rotation", "automatic key rotation is off"))
	default:
		period, st := Int(At(v, "rotation_period_in_days"))
		if st == Known && period > int64(ev.Int("max_rotation_period_days")) {
			out = append(out, Fail(key, "rotation_period_in_days", "rotation_period_in_days is %d, above the maximum of %d", period, ev.Int("max_rotation_period_days")))
		}
	}
	window, st := Int(At(v, "deletion_window_in_days"))
	if st == Null {
		window, st = 30, Known // the AWS default
	}
	switch {
	case st == AfterApply:
		out = append(out, Undecidable(key, "deletion_window_in_days", "deletion_window_in_days is known only after apply"))
	case window < int64(ev.Int("min_deletion_window_days")):
		out = append(out, Fail(key, "deletion_window_in_days", "deletion_window_in_days is %d, below the minimum of %d", window, ev.Int("min_deletion_window_days")))
	}
	if len(out) == 0 {
		return []Finding{Pass(key, "rotation on, deletion window %d days", window)}
	}
	return out
}

// encryptionSwitch is where one resource type records encryption at rest.
// Path steps address nested blocks; "*" visits every element of a block list.
type encryptionSwitch struct {
	path []any
	// ebs marks EBS-backed storage, which account-level default encryption
	// covers whatever the resource says.
	ebs bool
	// optional marks a block list whose absence means there is no such
	// storage (an instance's extra ebs_block_device volumes), unlike
	// root_block_device: the root volume exists whether or not it is
	// configured.
	optional bool
}

var encryptionByType = map[string][]encryptionSwitch{
	"aws_ebs_volume":                {{path: []any{"encrypted"}, ebs: true}},
	"aws_instance":                  {{path: []any{"root_block_device", "*", "encrypted"}, ebs: true}, {path: []any{"ebs_block_device", "*", "encrypted"}, ebs: true, optional: true}},
	"aws_launch_template":           {{path: []any{"block_device_mappings", "*", "ebs", "*", "encrypted"}, ebs: true}},
	"aws_db_instance":               {{path: []any{"storage_encrypted"}}},
	"aws_rds_cluster":               {{path: []any{"storage_encrypted"}}},
	"aws_efs_file_system":           {{path: []any{"encrypted"}}},
	"aws_ebs_encryption_by_default": {{path: []any{"enabled"}}},
}

func atRestTypes() []string {
	return []string{"aws_db_instance", "aws_ebs_encryption_by_default", "aws_ebs_volume", "aws_efs_file_system",
		"aws_instance", "aws_launch_template", "aws_rds_cluster"}
}

// ebsEncryptedByDefault reports whether the account encrypts new EBS
// volumes: declared elsewhere, or enabled by this plan.
func ebsEncryptedByDefault(ev *Evaluation) (bool, *plan.Resource) {
	if ev.ProvidedElsewhere("ebs_encryption") {
		return true, nil
	}
	if r := csBaselineOn(ev.Plan, csPartEBS); r != nil {
		return true, r
	}
	for _, r := range ev.Plan.OfType("aws_ebs_encryption_by_default") {
		if r.Deleted() || r.Mode != plan.ModeManaged {
			continue
		}
		on, st := Bool(At(r.Value(), "enabled"))
		if st == Null || (st == Known && on) {
			return true, r
		}
	}
	return false, nil
}

func checkEncryptedAtRest(ev *Evaluation, r *plan.Resource) []Finding {
	if r.Type == "aws_ebs_encryption_by_default" {
		on, st := Bool(At(r.Value(), "enabled"))
		switch {
		case st == AfterApply:
			return []Finding{Undecidable(r, "enabled", "enabled is known only after apply")}
		case st == Known && !on:
			return []Finding{Fail(r, "enabled", "EBS encryption by default is turned off")}
		}
		return []Finding{Pass(r, "EBS encryption by default is on")}
	}
	var out []Finding
	checked := 0
	for _, sw := range encryptionByType[r.Type] {
		if sw.ebs {
			if on, by := ebsEncryptedByDefault(ev); on {
				if by != nil {
					return []Finding{Pass(r, "EBS encryption by default is enabled by %s", by.Address)}
				}
				return []Finding{Pass(r, "EBS encryption by default is provided elsewhere (config: provided_elsewhere)")}
			}
		}
		walkPath(r.Value(), sw.path, nil, func(v cty.Value, path []any) {
			if sw.optional && len(path) < len(sw.path) && !configuresPath(r, path) {
				// The walk stopped at an unconfigured block list that the
				// provider fills after apply: it declares no volume.
				return
			}
			checked++
			attr := AttrPath(path...)
			on, st := Bool(v)
			if st == AfterApply && !configuresPath(r, path) {
				// Optional+Computed and not set: AWS applies its default.
				st = Null
			}
			switch {
			case st == AfterApply:
				out = append(out, Undecidable(r, attr, "%s is known only after apply", attr))
			case !on && st == Null && sw.ebs:
				out = append(out, Fail(r, attr, "%s is unset and EBS encryption by default is not enabled in this plan "+
					"(declare provided_elsewhere: [ebs_encryption] if the account enables it)", attr))
			case !on && st == Null:
				out = append(out, Fail(r, attr, "%s is unset: AWS stores the data unencrypted by default", attr))
			case !on:
				out = append(out, Fail(r, attr, "%s is %s: data is stored unencrypted", attr, Display(v)))
			}
		})
	}
	if len(out) == 0 {
		if checked == 0 {
			return []Finding{NotApplicable(r, "no block devices or storage declared")}
		}
		return []Finding{Pass(r, "encrypted at rest")}
	}
	return out
}

// walkPath calls fn for every value reached by path, expanding "*" over the
// elements of a block list, with the concrete path taken.
func walkPath(v cty.Value, path []any, taken []any, fn func(cty.Value, []any)) {
	if len(path) == 0 {
		fn(v, taken)
		return
	}
	step := path[0]
	if s, ok := step.(string); ok && s == "*" {
		// Only the list itself being unknown stops the walk: a known list
		// whose blocks hold computed attributes (volume_id, device_name)
		// still has known elements to judge.
		if v != cty.NilVal && !v.IsKnown() {
			fn(v, taken)
			return
		}
		for i, e := range Elements(v) {
			walkPath(e, path[1:], append(taken[:len(taken):len(taken)], i), fn)
		}
		return
	}
	walkPath(At(v, step), path[1:], append(taken[:len(taken):len(taken)], step), fn)
}

// configuresPath reports whether r's configuration sets the argument at path
// (top-level name, then block index and name steps). Unknown values of
// arguments the configuration leaves unset are provider defaults, not
// pending expressions. Without configuration it answers true.
func configuresPath(r *plan.Resource, path []any) bool {
	if r.Config == nil || len(path) == 0 {
		return true
	}
	name, _ := path[0].(string)
	expr := r.Config.Expressions[name]
	for _, step := range path[1:] {
		if expr == nil {
			return false
		}
		switch s := step.(type) {
		case int:
			if len(expr.Blocks) == 0 {
				return true // an expression (not blocks) sets the whole list
			}
			if s >= len(expr.Blocks) {
				return false
			}
			next := expr.Blocks[s]
			expr = &plan.Expression{Blocks: []map[string]*plan.Expression{next}}
		case string:
			if len(expr.Blocks) != 1 {
				return true
			}
			expr = expr.Blocks[0][s]
		}
	}
	return expr != nil
}
