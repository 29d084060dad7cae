"""What every stage stands on: typed records, hashing, the store, the stage runner and engines."""
