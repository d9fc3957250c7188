"""Calls to the outside world: AWS (boto3), Google (google-auth), HTTP endpoints.

Every call has a timeout, and every failure becomes a ``ServiceError`` whose text is one plain
sentence that says what to do. boto3 and google-auth are imported inside the functions that
need them, never at module level: the command line and the key helpers must stay fast.
"""
