/** Response body as JSON, typed loosely for assertions (fetch's json() is `unknown` under Node types). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const json = async (res: Response): Promise<any> => res.json();
