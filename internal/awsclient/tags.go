package awsclient

import "maps"

// MergeTags returns the provider's default tags overlaid with a resource's own
// tags; the resource wins on a key clash, as in the AWS provider.
func MergeTags(defaultTags, resourceTags map[string]string) map[string]string {
	merged := make(map[string]string, len(defaultTags)+len(resourceTags))
	maps.Copy(merged, defaultTags)
	maps.Copy(merged, resourceTags)
	return merged
}

// TagsFor merges the client's default tags with resourceTags.
func (c *Client) TagsFor(resourceTags map[string]string) map[string]string {
	return MergeTags(c.DefaultTags, resourceTags)
}
