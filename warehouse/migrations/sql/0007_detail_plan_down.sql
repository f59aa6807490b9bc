-- Back to revision 0006: the detail is one statement of the API's own.
DROP FUNCTION api.trajet_detail(text);
