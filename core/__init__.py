"""The base every other package stands on: the document model, cell values, the words budget
tables are printed with, and the catalogue of issue codes. Nothing here imports from
`extractors`, `transforms` or `flows`."""
