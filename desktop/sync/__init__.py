"""Getting records in and out of a workspace: roster files now, bundles later."""
