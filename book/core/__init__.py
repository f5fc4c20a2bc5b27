"""The foundation every other package stands on: where files live (paths), how they are
written without ever leaving half of one behind (atomic), the content hashes that key the model
cache and figure staleness (hashing), and the pinned numerics mode that makes every machine
compute the same book (numerics). May import nothing else from book/: everything imports it.
"""
