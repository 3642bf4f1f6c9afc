package cloudtrail

import (
	"slices"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	awstypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
)

// Management event read/write types as reported in
// management_events_read_write_type. The resource always asks for
// readWriteAll; anything else read back is drift.
const (
	readWriteAll       = "All"
	readWriteReadOnly  = "ReadOnly"
	readWriteWriteOnly = "WriteOnly"
	readWriteNone      = "None"
)

const (
	fieldEventCategory = "eventCategory"
	fieldReadOnly      = "readOnly"
	fieldResourcesType = "resources.type"
	fieldResourcesARN  = "resources.ARN"

	categoryManagement = "Management"
	categoryData       = "Data"

	resourceTypeS3Object       = "AWS::S3::Object"
	resourceTypeLambdaFunction = "AWS::Lambda::Function"

	managementSelectorName = "commshield: management events (read and write)"
	s3SelectorName         = "commshield: S3 object data events"
	lambdaSelectorName     = "commshield: Lambda invoke data events"
)

// fieldSelector is the provider's view of one AdvancedFieldSelector; it is
// kept separate from the SDK type so that selectors read back from AWS can
// be compared structurally (slices of strings, no pointers).
type fieldSelector struct {
	Field         string
	Equals        []string
	StartsWith    []string
	EndsWith      []string
	NotEquals     []string
	NotStartsWith []string
	NotEndsWith   []string
}

type eventSelector struct {
	Name           string
	FieldSelectors []fieldSelector
}

// selectorSettings is the normalized meaning of a trail's event selectors,
// whichever API shape (basic or advanced) they were written in.
type selectorSettings struct {
	ManagementReadWrite string
	S3DataEvents        bool
	LambdaDataEvents    bool
	// Custom holds data-event selectors that are neither the whole-account S3
	// nor the whole-account Lambda selector, in the order AWS returned them.
	Custom []eventSelector
	// AllData holds every non-management selector, the S3/Lambda ones
	// included, so that a trail configured with advanced_event_selectors is
	// read back verbatim.
	AllData []eventSelector
}

// buildAdvancedSelectors returns the advanced event selectors the resource
// writes: the management selector first, then either the data_events
// shorthand or the user's own advanced selectors.
func buildAdvancedSelectors(s3, lambda bool, custom []eventSelector) []awstypes.AdvancedEventSelector {
	selectors := []awstypes.AdvancedEventSelector{{
		Name: aws.String(managementSelectorName),
		FieldSelectors: []awstypes.AdvancedFieldSelector{
			{Field: aws.String(fieldEventCategory), Equals: []string{categoryManagement}},
		},
	}}
	if s3 {
		selectors = append(selectors, wholeAccountDataSelector(s3SelectorName, resourceTypeS3Object))
	}
	if lambda {
		selectors = append(selectors, wholeAccountDataSelector(lambdaSelectorName, resourceTypeLambdaFunction))
	}
	for _, c := range custom {
		selectors = append(selectors, c.toSDK())
	}
	return selectors
}

func wholeAccountDataSelector(name, resourceType string) awstypes.AdvancedEventSelector {
	return awstypes.AdvancedEventSelector{
		Name: aws.String(name),
		FieldSelectors: []awstypes.AdvancedFieldSelector{
			{Field: aws.String(fieldEventCategory), Equals: []string{categoryData}},
			{Field: aws.String(fieldResourcesType), Equals: []string{resourceType}},
		},
	}
}

func (s eventSelector) toSDK() awstypes.AdvancedEventSelector {
	out := awstypes.AdvancedEventSelector{}
	if s.Name != "" {
		out.Name = aws.String(s.Name)
	}
	for _, f := range s.FieldSelectors {
		out.FieldSelectors = append(out.FieldSelectors, awstypes.AdvancedFieldSelector{
			Field:         aws.String(f.Field),
			Equals:        f.Equals,
			StartsWith:    f.StartsWith,
			EndsWith:      f.EndsWith,
			NotEquals:     f.NotEquals,
			NotStartsWith: f.NotStartsWith,
			NotEndsWith:   f.NotEndsWith,
		})
	}
	return out
}

func eventSelectorFromSDK(s awstypes.AdvancedEventSelector) eventSelector {
	out := eventSelector{Name: aws.ToString(s.Name)}
	for _, f := range s.FieldSelectors {
		out.FieldSelectors = append(out.FieldSelectors, fieldSelector{
			Field:         aws.ToString(f.Field),
			Equals:        f.Equals,
			StartsWith:    f.StartsWith,
			EndsWith:      f.EndsWith,
			NotEquals:     f.NotEquals,
			NotStartsWith: f.NotStartsWith,
			NotEndsWith:   f.NotEndsWith,
		})
	}
	return out
}

// basicToAdvanced expresses basic event selectors as advanced ones so that a
// trail changed outside Terraform to the older API shape is still understood.
func basicToAdvanced(basic []awstypes.EventSelector) []awstypes.AdvancedEventSelector {
	var out []awstypes.AdvancedEventSelector
	for _, b := range basic {
		readOnly := readOnlyFilter(b.ReadWriteType)
		if aws.ToBool(b.IncludeManagementEvents) {
			fs := []awstypes.AdvancedFieldSelector{{Field: aws.String(fieldEventCategory), Equals: []string{categoryManagement}}}
			fs = append(fs, readOnly...)
			out = append(out, awstypes.AdvancedEventSelector{FieldSelectors: fs})
		}
		for _, dr := range b.DataResources {
			fs := []awstypes.AdvancedFieldSelector{
				{Field: aws.String(fieldEventCategory), Equals: []string{categoryData}},
				{Field: aws.String(fieldResourcesType), Equals: []string{aws.ToString(dr.Type)}},
			}
			if !coversWholeAccount(aws.ToString(dr.Type), dr.Values) {
				fs = append(fs, awstypes.AdvancedFieldSelector{Field: aws.String(fieldResourcesARN), StartsWith: dr.Values})
			}
			fs = append(fs, readOnly...)
			out = append(out, awstypes.AdvancedEventSelector{FieldSelectors: fs})
		}
	}
	return out
}

func readOnlyFilter(rw awstypes.ReadWriteType) []awstypes.AdvancedFieldSelector {
	switch rw {
	case awstypes.ReadWriteTypeReadOnly:
		return []awstypes.AdvancedFieldSelector{{Field: aws.String(fieldReadOnly), Equals: []string{"true"}}}
	case awstypes.ReadWriteTypeWriteOnly:
		return []awstypes.AdvancedFieldSelector{{Field: aws.String(fieldReadOnly), Equals: []string{"false"}}}
	default:
		return nil
	}
}

// coversWholeAccount reports whether a basic DataResource's values select
// every object/function in the account (the console's "all current and
// future" choice), which is what data_events means.
func coversWholeAccount(resourceType string, values []string) bool {
	switch resourceType {
	case resourceTypeS3Object:
		return slices.ContainsFunc(values, func(v string) bool {
			return v == "arn:aws:s3" || v == "arn:aws:s3:::" || v == "arn:aws-us-gov:s3" || v == "arn:aws-cn:s3"
		})
	case resourceTypeLambdaFunction:
		return slices.ContainsFunc(values, func(v string) bool {
			return v == "arn:aws:lambda" || v == "arn:aws-us-gov:lambda" || v == "arn:aws-cn:lambda"
		})
	}
	return false
}

// classifySelectors turns what GetEventSelectors returned into the
// normalized settings compared against the configuration.
func classifySelectors(basic []awstypes.EventSelector, advanced []awstypes.AdvancedEventSelector) selectorSettings {
	all := advanced
	if len(basic) > 0 {
		all = basicToAdvanced(basic)
	}
	settings := selectorSettings{ManagementReadWrite: readWriteNone}
	for _, sdkSel := range all {
		sel := eventSelectorFromSDK(sdkSel)
		category, rest := splitField(sel.FieldSelectors, fieldEventCategory)
		switch {
		case category != nil && slices.Equal(category.Equals, []string{categoryManagement}):
			settings.ManagementReadWrite = mergeReadWrite(settings.ManagementReadWrite, managementReadWrite(rest))
		case category != nil && slices.Equal(category.Equals, []string{categoryData}):
			settings.AllData = append(settings.AllData, sel)
			switch wholeAccountType(rest) {
			case resourceTypeS3Object:
				settings.S3DataEvents = true
			case resourceTypeLambdaFunction:
				settings.LambdaDataEvents = true
			default:
				settings.Custom = append(settings.Custom, sel)
			}
		default:
			// Network activity or other categories: not managed by the
			// shorthand, so surface them as custom selectors.
			settings.AllData = append(settings.AllData, sel)
			settings.Custom = append(settings.Custom, sel)
		}
	}
	return settings
}

// managementReadWrite interprets the field selectors of a management
// selector other than eventCategory.
func managementReadWrite(rest []fieldSelector) string {
	readOnly, others := splitField(rest, fieldReadOnly)
	if len(others) > 0 {
		// A management selector narrowed by event source or name does not
		// log all management events.
		return readWriteNone
	}
	if readOnly == nil {
		return readWriteAll
	}
	switch {
	case slices.Equal(readOnly.Equals, []string{"true"}):
		return readWriteReadOnly
	case slices.Equal(readOnly.Equals, []string{"false"}):
		return readWriteWriteOnly
	}
	return readWriteNone
}

// mergeReadWrite combines two management selectors: ReadOnly plus
// WriteOnly together log everything.
func mergeReadWrite(a, b string) string {
	set := map[string]bool{a: true, b: true}
	switch {
	case set[readWriteAll], set[readWriteReadOnly] && set[readWriteWriteOnly]:
		return readWriteAll
	case set[readWriteReadOnly]:
		return readWriteReadOnly
	case set[readWriteWriteOnly]:
		return readWriteWriteOnly
	}
	return readWriteNone
}

// wholeAccountType returns the resource type when a data selector's only
// other field is `resources.type equals [T]`, i.e. it selects every
// resource of that type.
func wholeAccountType(rest []fieldSelector) string {
	if len(rest) != 1 || rest[0].Field != fieldResourcesType {
		return ""
	}
	f := rest[0]
	if len(f.Equals) != 1 || len(f.StartsWith)+len(f.EndsWith)+len(f.NotEquals)+len(f.NotStartsWith)+len(f.NotEndsWith) > 0 {
		return ""
	}
	switch f.Equals[0] {
	case resourceTypeS3Object, resourceTypeLambdaFunction:
		return f.Equals[0]
	}
	return ""
}

// splitField returns the selector for field (nil when absent) and the rest.
func splitField(fields []fieldSelector, field string) (*fieldSelector, []fieldSelector) {
	var found *fieldSelector
	var rest []fieldSelector
	for i := range fields {
		if fields[i].Field == field && found == nil {
			found = &fields[i]
			continue
		}
		rest = append(rest, fields[i])
	}
	return found, rest
}

// insightTypesFromSDK de-duplicates and sorts insight types. moto appends on
// every PutInsightSelectors call, and AWS does not promise an order.
func insightTypesFromSDK(selectors []awstypes.InsightSelector) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range selectors {
		t := string(s.InsightType)
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

func insightSelectorsToSDK(types []string) []awstypes.InsightSelector {
	out := make([]awstypes.InsightSelector, 0, len(types))
	for _, t := range types {
		out = append(out, awstypes.InsightSelector{InsightType: awstypes.InsightType(t)})
	}
	return out
}
