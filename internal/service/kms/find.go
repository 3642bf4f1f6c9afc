package kms

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	awstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/commshield/terraform-provider-commshield/internal/awsclient"
)

// AWS error codes KMS uses for absent keys and aliases.
const (
	errCodeNotFound      = "NotFoundException"
	errCodeInvalidState  = "KMSInvalidStateException"
	errCodeAlreadyExists = "AlreadyExistsException"
)

// FindKeyByID describes a key. A key that does not exist, or is pending
// deletion (it can only be cancelled, never used again by us), is NotFound.
func FindKeyByID(ctx context.Context, conn *kms.Client, keyID string) (*awstypes.KeyMetadata, error) {
	out, err := conn.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(keyID)})
	if awsclient.HasErrorCode(err, errCodeNotFound) {
		return nil, awsclient.NewNotFound(fmt.Sprintf("KMS key %q", keyID), err)
	}
	if err != nil {
		return nil, fmt.Errorf("describing KMS key %q: %w", keyID, err)
	}
	md := out.KeyMetadata
	if md == nil {
		return nil, awsclient.NewNotFound(fmt.Sprintf("KMS key %q", keyID), nil)
	}
	switch md.KeyState {
	case awstypes.KeyStatePendingDeletion, awstypes.KeyStatePendingReplicaDeletion:
		return nil, awsclient.NewNotFound(fmt.Sprintf("KMS key %q (state %s)", keyID, md.KeyState), nil)
	}
	return md, nil
}

// FindAliasesByKeyID lists the customer aliases pointing at a key.
func FindAliasesByKeyID(ctx context.Context, conn *kms.Client, keyID string) ([]awstypes.AliasListEntry, error) {
	var aliases []awstypes.AliasListEntry
	p := kms.NewListAliasesPaginator(conn, &kms.ListAliasesInput{KeyId: aws.String(keyID)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing aliases of KMS key %q: %w", keyID, err)
		}
		aliases = append(aliases, page.Aliases...)
	}
	return aliases, nil
}

// FindKeyTags returns a key's tags as a map.
func FindKeyTags(ctx context.Context, conn *kms.Client, keyID string) (map[string]string, error) {
	tags := map[string]string{}
	p := kms.NewListResourceTagsPaginator(conn, &kms.ListResourceTagsInput{KeyId: aws.String(keyID)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing tags of KMS key %q: %w", keyID, err)
		}
		for _, t := range page.Tags {
			tags[aws.ToString(t.TagKey)] = aws.ToString(t.TagValue)
		}
	}
	return tags, nil
}

// FindAliasTarget returns the key ID an alias points at.
func FindAliasTarget(ctx context.Context, conn *kms.Client, alias string) (string, error) {
	p := kms.NewListAliasesPaginator(conn, &kms.ListAliasesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return "", fmt.Errorf("listing KMS aliases: %w", err)
		}
		for _, a := range page.Aliases {
			if aws.ToString(a.AliasName) == alias {
				return aws.ToString(a.TargetKeyId), nil
			}
		}
	}
	return "", awsclient.NewNotFound(fmt.Sprintf("KMS alias %q", alias), nil)
}
