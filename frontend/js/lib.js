// The one place the vendored UI library is imported: pages import `html` and hooks from here.
import { h, render, Fragment, createContext } from 'preact';
import { useState, useEffect, useMemo, useCallback, useRef, useContext } from 'preact/hooks';
import htm from 'htm';

export const html = htm.bind(h);
export { h, render, Fragment, createContext, useState, useEffect, useMemo, useCallback, useRef, useContext };
