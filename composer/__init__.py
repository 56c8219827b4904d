"""composer: membership-composition optimizer."""
