"""Portal pages of the nominations workflow: coordinators nominate, rank, upload and submit;
organisers filter, review and decide. Each view parses its input and calls the services; every
read goes through the selectors, so a page can only ever show what its reader may see.

One module per concept: `listing` (the lists and the ranking), `editing` (create, edit, delete),
`review` (the review page and its decisions), `files` (documents), `excel` (template and import),
`selection` (the list's selected rows as a workbook).
"""
