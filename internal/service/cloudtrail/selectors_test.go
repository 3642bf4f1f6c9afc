package cloudtrail

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awstypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
)

func TestClassifySelectorsRoundTripsWhatTheResourceWrites(t *testing.T) {
	custom := []eventSelector{{
		Name: "one bucket",
		FieldSelectors: []fieldSelector{
			{Field: "eventCategory", Equals: []string{"Data"}},
			{Field: "resources.type", Equals: []string{"AWS::S3::Object"}},
			{Field: "resources.ARN", StartsWith: []string{"arn:aws:s3:::evidence/"}},
		},
	}}
	tests := []struct {
		name       string
		s3, lambda bool
		custom     []eventSelector
		wantCustom int
		wantData   int
	}{
		{name: "management only"},
		{name: "s3 shorthand", s3: true, wantData: 1},
		{name: "both shorthands", s3: true, lambda: true, wantData: 2},
		{name: "custom selector stays custom", custom: custom, wantCustom: 1, wantData: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := classifySelectors(nil, buildAdvancedSelectors(tt.s3, tt.lambda, tt.custom))
			if got.ManagementReadWrite != readWriteAll {
				t.Errorf("management = %q, want All", got.ManagementReadWrite)
			}
			if got.S3DataEvents != tt.s3 || got.LambdaDataEvents != tt.lambda {
				t.Errorf("data events s3=%v lambda=%v, want %v %v", got.S3DataEvents, got.LambdaDataEvents, tt.s3, tt.lambda)
			}
			if len(got.Custom) != tt.wantCustom || len(got.AllData) != tt.wantData {
				t.Errorf("custom=%d allData=%d, want %d %d", len(got.Custom), len(got.AllData), tt.wantCustom, tt.wantData)
			}
			if tt.wantCustom > 0 && got.Custom[0].Name != "one bucket" {
				t.Errorf("custom selector name lost: %+v", got.Custom[0])
			}
		})
	}
}

func TestClassifySelectorsDetectsDrift(t *testing.T) {
	tests := []struct {
		name     string
		basic    []awstypes.EventSelector
		advanced []awstypes.AdvancedEventSelector
		wantMgmt string
		wantS3   bool
	}{
		{
			name:     "no selectors at all",
			wantMgmt: readWriteNone,
		},
		{
			name:     "basic selector narrowed to read-only",
			basic:    []awstypes.EventSelector{{IncludeManagementEvents: aws.Bool(true), ReadWriteType: awstypes.ReadWriteTypeReadOnly}},
			wantMgmt: readWriteReadOnly,
		},
		{
			name: "basic selector with whole-account S3 data events",
			basic: []awstypes.EventSelector{{
				IncludeManagementEvents: aws.Bool(true), ReadWriteType: awstypes.ReadWriteTypeAll,
				DataResources: []awstypes.DataResource{{Type: aws.String("AWS::S3::Object"), Values: []string{"arn:aws:s3"}}},
			}},
			wantMgmt: readWriteAll, wantS3: true,
		},
		{
			name: "management events excluded",
			basic: []awstypes.EventSelector{{
				IncludeManagementEvents: aws.Bool(false), ReadWriteType: awstypes.ReadWriteTypeAll,
			}},
			wantMgmt: readWriteNone,
		},
		{
			name: "advanced read-only and write-only together log everything",
			advanced: []awstypes.AdvancedEventSelector{
				{FieldSelectors: []awstypes.AdvancedFieldSelector{{Field: aws.String("eventCategory"), Equals: []string{"Management"}}, {Field: aws.String("readOnly"), Equals: []string{"true"}}}},
				{FieldSelectors: []awstypes.AdvancedFieldSelector{{Field: aws.String("eventCategory"), Equals: []string{"Management"}}, {Field: aws.String("readOnly"), Equals: []string{"false"}}}},
			},
			wantMgmt: readWriteAll,
		},
		{
			name: "advanced management narrowed by event source is not all",
			advanced: []awstypes.AdvancedEventSelector{
				{FieldSelectors: []awstypes.AdvancedFieldSelector{{Field: aws.String("eventCategory"), Equals: []string{"Management"}}, {Field: aws.String("eventSource"), NotEquals: []string{"kms.amazonaws.com"}}}},
			},
			wantMgmt: readWriteNone,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := classifySelectors(tt.basic, tt.advanced)
			if got.ManagementReadWrite != tt.wantMgmt {
				t.Errorf("management = %q, want %q", got.ManagementReadWrite, tt.wantMgmt)
			}
			if got.S3DataEvents != tt.wantS3 {
				t.Errorf("s3 = %v, want %v", got.S3DataEvents, tt.wantS3)
			}
		})
	}
}

func TestBasicSelectorForSomeBucketsIsCustom(t *testing.T) {
	got := classifySelectors([]awstypes.EventSelector{{
		IncludeManagementEvents: aws.Bool(true), ReadWriteType: awstypes.ReadWriteTypeAll,
		DataResources: []awstypes.DataResource{{Type: aws.String("AWS::S3::Object"), Values: []string{"arn:aws:s3:::one-bucket/"}}},
	}}, nil)
	if got.S3DataEvents {
		t.Fatal("a selector for one bucket must not count as whole-account S3 data events")
	}
	if len(got.Custom) != 1 {
		t.Fatalf("custom = %+v, want the one-bucket selector", got.Custom)
	}
	arn, _ := splitField(got.Custom[0].FieldSelectors, fieldResourcesARN)
	if arn == nil || !slices.Equal(arn.StartsWith, []string{"arn:aws:s3:::one-bucket/"}) {
		t.Errorf("resources.ARN condition not kept: %+v", got.Custom[0])
	}
}

func TestInsightTypesAreDeduplicatedAndSorted(t *testing.T) {
	// moto appends on every PutInsightSelectors call.
	got := insightTypesFromSDK([]awstypes.InsightSelector{
		{InsightType: "ApiErrorRateInsight"}, {InsightType: "ApiCallRateInsight"}, {InsightType: "ApiErrorRateInsight"},
	})
	want := []string{"ApiCallRateInsight", "ApiErrorRateInsight"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
